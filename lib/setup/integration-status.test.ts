import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import { parseEnv } from '@/lib/env';
import { integrationStatus, maskSecret, senderDomain, stripeMode } from './integration-status';

const DEFAULT = { id: DEFAULT_WORKSPACE_ID, emailFrom: null, stripeAccountId: null };
const OTHER = { id: '7b0c1a52-2f7e-4b1e-9a55-0c6c2d1f0a11', emailFrom: null, stripeAccountId: 'acct_1Nv0FGQ9RKHgCVdK' };

const STRIPE_SECRET = 'sk_test_51NvQ7xKJ8cD2mPq9ZrTbW4uYhA3eLs0Fg6Xy12';
const WEBHOOK_SECRET = 'whsec_a8F3kLm2Qp9rT6vWx1Zb4Nc7Hd0Js5Ue';
const RESEND_KEY = 're_9xKq2mTz_7LpWd4RsYv8BnCf3GhJk6Ae';

describe('maskSecret', () => {
  it('keeps the kind and the last four characters, and nothing of the middle', () => {
    expect(maskSecret(STRIPE_SECRET)).toBe('sk_test_••••Xy12');
    expect(maskSecret('rk_live_51NvQ7xKJ8cD2mPq9ZrTbW4uYhA3eLs0Fg6Ab34')).toBe('rk_live_••••Ab34');
    expect(maskSecret(WEBHOOK_SECRET)).toBe('whsec_••••s5Ue');
    expect(maskSecret(RESEND_KEY)).toBe('re_••••k6Ae');
    for (const secret of [STRIPE_SECRET, WEBHOOK_SECRET, RESEND_KEY]) {
      const masked = maskSecret(secret)!;
      // no run of five characters of the secret after its prefix survives
      const body = secret.slice(secret.length - 30, secret.length - 4);
      for (let i = 0; i + 5 <= body.length; i++) expect(masked).not.toContain(body.slice(i, i + 5));
    }
  });

  it('shows no tail of a short secret, and nothing for an unset one', () => {
    expect(maskSecret('sk_test_short')).toBe('sk_test_••••');
    expect(maskSecret('abc')).toBe('••••');
    expect(maskSecret(undefined)).toBeNull();
    expect(maskSecret('')).toBeNull();
  });
});

describe('integrationStatus', () => {
  it('with nothing set: neither mail nor Stripe configured, the default sender from EMAIL_FROM', () => {
    const status = integrationStatus(parseEnv({}), DEFAULT);
    expect(status.email).toMatchObject({ configured: false, sending: false, apiKey: { set: false, masked: null }, webhookSecret: { set: false, masked: null }, from: 'Billing <billing@example.com>', domain: 'example.com', fromIsWorkspaces: false });
    expect(status.stripe).toMatchObject({ configured: false, mode: null, secretKey: { set: false, masked: null }, webhookSecret: { set: false }, connectedAccount: null });
  });

  it('with keys set: says so, in which mode, and never carries a secret whole', () => {
    const e = parseEnv({
      RESEND_API_KEY: RESEND_KEY,
      STRIPE_SECRET_KEY: STRIPE_SECRET,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_live_51NvQ7xKJ8cD2mPq9ZrTbW4uYhA3eLs0Fg6Qw98',
      EMAIL_FROM: 'Acme Billing <invoices@Billing.Acme.test>',
    });
    const status = integrationStatus(e, DEFAULT);
    expect(status.email).toMatchObject({ configured: true, sending: true, apiKey: { set: true, masked: 're_••••k6Ae' }, from: 'Acme Billing <invoices@Billing.Acme.test>', domain: 'billing.acme.test' });
    expect(status.stripe).toMatchObject({ configured: true, mode: 'test', restrictedKey: false, secretKey: { set: true, masked: 'sk_test_••••Xy12' }, webhookSecret: { set: true, masked: 'whsec_••••s5Ue' }, publishableModeMatches: false });
    const json = JSON.stringify(status);
    for (const secret of [STRIPE_SECRET, WEBHOOK_SECRET, RESEND_KEY]) expect(json).not.toContain(secret.slice(8, 20));
  });

  it('another workspace sends from its own address only, and names its Connect account', () => {
    const e = parseEnv({ EMAIL_FROM: 'billing@installation.test', RESEND_API_KEY: RESEND_KEY, STRIPE_SECRET_KEY: 'rk_live_51NvQ7xKJ8cD2mPq9ZrTbW4uYhA3eLs0Fg6Ab34' });
    // a Resend key but no sender of its own: nothing is sent for it
    expect(integrationStatus(e, OTHER).email).toMatchObject({ configured: true, sending: false, from: null, domain: null });
    expect(integrationStatus(e, { ...OTHER, emailFrom: 'team@vigint.test' }).email).toMatchObject({ sending: true, from: 'team@vigint.test', domain: 'vigint.test', fromIsWorkspaces: true });
    expect(integrationStatus(e, OTHER).stripe).toMatchObject({ mode: 'live', restrictedKey: true, connectedAccount: 'acct_1Nv0FGQ9RKHgCVdK' });
  });
});

describe('senderDomain and stripeMode', () => {
  it('read the address inside angle brackets, and the mode from the prefix', () => {
    expect(senderDomain('Billing <billing@example.com>')).toBe('example.com');
    expect(senderDomain('billing@example.com')).toBe('example.com');
    expect(senderDomain('not an address')).toBeNull();
    expect(stripeMode('sk_live_x')).toBe('live');
    expect(stripeMode('rk_test_x')).toBe('test');
    expect(stripeMode(undefined)).toBeNull();
  });
});
