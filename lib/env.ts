// The only reader of process.env. Every variable is optional (the app boots with none at all and
// runs on the embedded database with demo sign-ins); a malformed value stops start-up with a message
// that names the variable.
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
const optionalUrl = optionalString.pipe(z.url({ protocol: /^https?$/ }).optional());
const flag = optionalString.pipe(z.enum(['0', '1', 'true', 'false']).optional()).transform((v) => v === '1' || v === 'true');
const integer = (min: number, max: number) =>
  optionalString.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional(),
  );
const decimalString = (pattern: RegExp, what: string) =>
  optionalString.pipe(z.string().regex(pattern, `must be ${what}`).optional());

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // set by Vercel on every deployment; the local sign-in refuses to run there
  VERCEL: optionalString,

  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
      .optional(),
  ),
  PGLITE_DATA_DIR: optionalString,
  DATABASE_POOL_MAX: integer(1, 100),

  NEXT_PUBLIC_SUPABASE_URL: optionalUrl,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalString,
  NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY: optionalString,
  SUPABASE_SERVICE_ROLE_KEY: optionalString,

  BILLING_LOCAL_AUTH: flag,
  BILLING_LOCAL_AUTH_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),

  STRIPE_SECRET_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, 'must start with sk_test_, sk_live_, rk_test_ or rk_live_')
      .optional(),
  ),
  STRIPE_WEBHOOK_SECRET: optionalString.pipe(z.string().startsWith('whsec_', 'must start with whsec_').optional()),
  STRIPE_API_BASE: optionalUrl,
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: optionalString,

  CRON_SECRET: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),

  RESEND_API_KEY: optionalString,
  RESEND_BASE_URL: optionalUrl,
  // the signing secret of the Resend webhook (delivery events), as Resend shows it: "whsec_" + base64
  RESEND_WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be "whsec_" followed by base64, as Resend shows the signing secret')
      .optional(),
  ),
  EMAIL_FROM: optionalString.default('Billing <billing@example.com>'),

  APP_URL: optionalUrl.default('http://localhost:3000'),

  // outgoing webhooks may go to http:// and to loopback, private and link-local addresses (local
  // development and tests only: in production that would let an admin make the server call its own network)
  WEBHOOK_ALLOW_PRIVATE_URLS: flag,

  COMPANY_NAME: optionalString.default('Meterbill Demo Ltd'),
  COMPANY_ADDRESS: optionalString.default('1 Example Street|1000 Brussels|Belgium'),
  COMPANY_EMAIL: optionalString.default('billing@example.com'),
  COMPANY_VAT_ID: optionalString,
  COMPANY_IBAN: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9 ]{10,32}$/, 'must be an IBAN such as DE89370400440532013000')
      .optional(),
  ),
  COMPANY_BIC: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, 'must be an 8 or 11 character BIC')
      .optional(),
  ),

  DEFAULT_CURRENCY: optionalString.pipe(
    z
      .string()
      .regex(/^[a-zA-Z]{3}$/, 'must be an ISO 4217 code such as usd')
      .transform((v) => v.toLowerCase())
      .optional(),
  ),
  DEFAULT_TAX_RATE: decimalString(/^0(\.\d{1,6})?$/, 'a fraction below 1 such as 0.21'),
  INVOICE_NUMBER_FORMAT: optionalString.pipe(
    z
      .string()
      .refine((v) => /\{number(:0\d+d)?\}/.test(v), 'must contain {number} or {number:04d}')
      .optional(),
  ),
  CREDIT_NOTE_NUMBER_FORMAT: optionalString.pipe(
    z
      .string()
      .refine((v) => /\{number(:0\d+d)?\}/.test(v), 'must contain {number} or {number:04d}')
      .optional(),
  ),
  PAYMENT_TERMS_DAYS: integer(0, 365),
  DUNNING_RETRY_DAYS: optionalString.pipe(
    z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be whole days separated by commas, such as 1,3,7')
      .optional(),
  ),
  DUNNING_GRACE_DAYS: integer(0, 365),
  /** how long invoices and credit notes of an erased customer keep the buyer as printed (default 10) */
  INVOICE_RETENTION_YEARS: integer(1, 100),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid environment: ${issues.map((i) => `${i.variable} ${i.message}`).join('; ')}`);
    this.name = 'EnvError';
  }
}

/** Parse an environment; throws EnvError naming each malformed variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })),
    );
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Supabase Auth is used when the project URL and a public key are both set. */
export function supabaseConfig(e: Env = env()) {
  const key = e.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? e.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (!e.NEXT_PUBLIC_SUPABASE_URL || !key) return null;
  return { url: e.NEXT_PUBLIC_SUPABASE_URL, key, serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY };
}

export type AuthMode = 'supabase' | 'local' | 'none';

/**
 * Which sign-in the app offers. The local issuer of demo sessions runs only in development or when
 * BILLING_LOCAL_AUTH=1, and never on Vercel: a deployment that forgot its Supabase keys must not
 * hand out admin sessions to anyone who asks.
 */
export function authMode(e: Env = env()): AuthMode {
  if (supabaseConfig(e)) return 'supabase';
  const wantsLocal = e.BILLING_LOCAL_AUTH || e.NODE_ENV !== 'production';
  if (!wantsLocal) return 'none';
  if (e.VERCEL) {
    throw new EnvError([
      {
        variable: 'BILLING_LOCAL_AUTH',
        message: 'the local demo sign-in cannot run on Vercel: set NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_ANON_KEY',
      },
    ]);
  }
  return 'local';
}
