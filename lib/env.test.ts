import { describe, expect, it } from 'vitest';
import { authMode, EnvError, parseEnv, supabaseConfig } from './env';

function problems(source: Record<string, string>) {
  try {
    parseEnv(source);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).issues.map((i) => i.variable);
  }
}

describe('env', () => {
  it('boots with no environment at all: embedded database, local sign-in in development', () => {
    const e = parseEnv({});
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.APP_URL).toBe('http://localhost:3000');
    expect(authMode(e)).toBe('local');
    expect(supabaseConfig(e)).toBeNull();
  });

  it('reads WEBHOOK_ALLOW_PRIVATE_URLS as a flag, off unless set', () => {
    expect(parseEnv({}).WEBHOOK_ALLOW_PRIVATE_URLS).toBe(false);
    expect(parseEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: '1' }).WEBHOOK_ALLOW_PRIVATE_URLS).toBe(true);
    expect(parseEnv({ WEBHOOK_ALLOW_PRIVATE_URLS: '0' }).WEBHOOK_ALLOW_PRIVATE_URLS).toBe(false);
    expect(problems({ WEBHOOK_ALLOW_PRIVATE_URLS: 'yes' })).toEqual(['WEBHOOK_ALLOW_PRIVATE_URLS']);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', STRIPE_SECRET_KEY: '  ' }).DATABASE_URL).toBeUndefined();
  });

  it('names every malformed variable', () => {
    expect(problems({ DATABASE_URL: 'mysql://x' })).toEqual(['DATABASE_URL']);
    expect(problems({ STRIPE_SECRET_KEY: 'pk_test_123', CRON_SECRET: 'short' })).toEqual(['STRIPE_SECRET_KEY', 'CRON_SECRET']);
    expect(problems({ DEFAULT_TAX_RATE: '21' })).toEqual(['DEFAULT_TAX_RATE']);
    expect(problems({ PAYMENT_TERMS_DAYS: 'soon' })).toEqual(['PAYMENT_TERMS_DAYS']);
    expect(problems({ INVOICE_NUMBER_FORMAT: 'INV-{year}' })).toEqual(['INVOICE_NUMBER_FORMAT']);
    expect(problems({ NEXT_PUBLIC_SUPABASE_URL: 'not a url' })).toEqual(['NEXT_PUBLIC_SUPABASE_URL']);
    expect(problems({ COMPANY_IBAN: 'nope' })).toEqual(['COMPANY_IBAN']);
    expect(problems({ RESEND_WEBHOOK_SECRET: 'not-a-secret' })).toEqual(['RESEND_WEBHOOK_SECRET']);
    expect(problems({ RESEND_WEBHOOK_SECRET: 'whsec_not base64!' })).toEqual(['RESEND_WEBHOOK_SECRET']);
    expect(parseEnv({ RESEND_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }).RESEND_WEBHOOK_SECRET).toBe('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });

  it('accepts the Vigint numbering format and normalises the currency', () => {
    const e = parseEnv({ INVOICE_NUMBER_FORMAT: 'VIGINT-{year}-{number:04d}', DEFAULT_CURRENCY: 'EUR', PAYMENT_TERMS_DAYS: '30' });
    expect(e.INVOICE_NUMBER_FORMAT).toBe('VIGINT-{year}-{number:04d}');
    expect(e.DEFAULT_CURRENCY).toBe('eur');
    expect(e.PAYMENT_TERMS_DAYS).toBe(30);
  });

  it('offers no sign-in in production without Supabase unless BILLING_LOCAL_AUTH=1', () => {
    expect(authMode(parseEnv({ NODE_ENV: 'production' }))).toBe('none');
    expect(authMode(parseEnv({ NODE_ENV: 'production', BILLING_LOCAL_AUTH: '1' }))).toBe('local');
  });

  it('refuses the local issuer on Vercel', () => {
    expect(() => authMode(parseEnv({ NODE_ENV: 'production', BILLING_LOCAL_AUTH: '1', VERCEL: '1' }))).toThrow(/cannot run on Vercel/);
    expect(() => authMode(parseEnv({ NODE_ENV: 'development', VERCEL: '1' }))).toThrow(EnvError);
  });

  it('uses Supabase Auth when the URL and a public key are set', () => {
    const e = parseEnv({ NEXT_PUBLIC_SUPABASE_URL: 'https://abc.supabase.co', NEXT_PUBLIC_SUPABASE_ANON_KEY: 'anon', VERCEL: '1', NODE_ENV: 'production' });
    expect(authMode(e)).toBe('supabase');
    expect(supabaseConfig(e)).toEqual({ url: 'https://abc.supabase.co', key: 'anon', serviceRoleKey: undefined });
  });
});
