import 'server-only';
// The wrappers every route handler goes through. Each authenticates one kind of caller, hands the
// handler a typed context and maps every error through the one mapper, so no route writes its own
// try/catch or its own 401.
import { timingSafeEqual, createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import type { ZodType } from 'zod';
import { authenticateApiKey, type ApiKeyPrincipal } from '@/lib/api-keys/authenticate-api-key';
import type { Actor } from '@/lib/audit/actor';
import type { Session } from '@/lib/auth/claims';
import { getSession } from '@/lib/auth/get-session';
import { getDatabase } from '@/lib/app/get-database';
import { asUser } from '@/lib/db/as-user';
import type { Database, Db, Tx } from '@/lib/db/client';
import { env } from '@/lib/env';
import { BillingError, forbidden, unauthenticated } from '@/lib/errors/billing-error';
import { errorResponse } from './error-response';

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type RouteHandler = (req: NextRequest, context: RouteContext) => Promise<Response>;

export type BaseContext = {
  req: NextRequest;
  params: Record<string, string>;
  database: Database;
  db: Db;
  /** the request's clock reading: domain code takes time from here, never from Date.now() */
  now: Date;
};

/** Who is calling a route that customers and admins share. */
export type Principal =
  | { kind: 'customer'; session: Session; actor: Actor }
  | { kind: 'admin'; session: Session | null; actor: Actor };

export type UserContext = BaseContext & {
  principal: Principal;
  /** Runs queries as the signed-in customer, under RLS (admins use ctx.db directly). */
  asUser<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
};
export type AdminContext = BaseContext & { actor: Actor; session: Session | null };
export type ApiKeyContext = BaseContext & { apiKey: ApiKeyPrincipal; actor: Actor };

function presentedApiKey(req: NextRequest): string | null {
  const header = req.headers.get('x-api-key');
  if (header) return header.trim();
  const authorization = req.headers.get('authorization');
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1]?.trim() ?? null;
}

async function baseContext(req: NextRequest, context: RouteContext): Promise<BaseContext> {
  const raw = await context.params;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw ?? {})) if (typeof value === 'string') params[key] = value;
  const database = await getDatabase();
  return { req, params, database, db: database.db, now: new Date() };
}

function wrap<C>(build: (req: NextRequest, context: RouteContext) => Promise<C>, handler: (ctx: C) => Promise<Response>): RouteHandler {
  return async (req, context) => {
    try {
      return await handler(await build(req, context));
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** An API key, when one is presented; a presented key that is wrong is a 401, not a fallback to cookies. */
async function apiKeyPrincipal(base: BaseContext): Promise<ApiKeyPrincipal | null> {
  const key = presentedApiKey(base.req);
  if (!key) return null;
  const principal = await authenticateApiKey(base.db, key, base.now);
  if (!principal) throw new BillingError({ code: 'invalid_api_key', status: 401, message: 'The API key is not valid or has been revoked' });
  return principal;
}

const sessionActor = (session: Session): Actor => ({ type: 'user', id: session.userId });
const keyActor = (key: ApiKeyPrincipal): Actor => ({ type: 'api_key', id: key.id });

/** Customers (their own data, under RLS) and admins (session or billing:admin key). */
export function withUser(handler: (ctx: UserContext) => Promise<Response>): RouteHandler {
  return wrap(async (req, context) => {
    const base = await baseContext(req, context);
    const key = await apiKeyPrincipal(base);
    let principal: Principal;
    if (key) {
      if (!key.scopes.includes('billing:admin')) throw forbidden('This API key may only send usage');
      principal = { kind: 'admin', session: null, actor: keyActor(key) };
    } else {
      const session = await getSession();
      if (!session) throw unauthenticated();
      principal = session.isAdmin
        ? { kind: 'admin', session, actor: sessionActor(session) }
        : { kind: 'customer', session, actor: sessionActor(session) };
    }
    return {
      ...base,
      principal,
      asUser: <T,>(work: (tx: Tx) => Promise<T>) => {
        if (principal.kind !== 'customer') throw new Error('asUser is for customer sessions');
        return asUser(base.db, principal.session.claims, work);
      },
    };
  }, handler);
}

/** Admins only: a session whose app_metadata.role is admin, or a key with scope billing:admin. */
export function withAdmin(handler: (ctx: AdminContext) => Promise<Response>): RouteHandler {
  return wrap(async (req, context) => {
    const base = await baseContext(req, context);
    const key = await apiKeyPrincipal(base);
    if (key) {
      if (!key.scopes.includes('billing:admin')) throw forbidden('This API key lacks the billing:admin scope');
      return { ...base, actor: keyActor(key), session: null };
    }
    const session = await getSession();
    if (!session) throw unauthenticated();
    if (!session.isAdmin) throw forbidden('Admins only');
    return { ...base, actor: sessionActor(session), session };
  }, handler);
}

/** Server-to-server calls with an API key holding `scope` (billing:admin holds every scope). */
export function withApiKey(scope: 'usage:write' | 'billing:admin', handler: (ctx: ApiKeyContext) => Promise<Response>): RouteHandler {
  return wrap(async (req, context) => {
    const base = await baseContext(req, context);
    const key = await apiKeyPrincipal(base);
    if (!key) throw new BillingError({ code: 'unauthenticated', status: 401, message: 'Send an API key as Authorization: Bearer <key> or X-API-Key' });
    if (!key.scopes.includes(scope) && !key.scopes.includes('billing:admin')) throw forbidden(`This API key lacks the ${scope} scope`);
    return { ...base, apiKey: key, actor: keyActor(key) };
  }, handler);
}

/** Compares in constant time; hashing first makes the lengths equal so length leaks nothing either. */
export function secretsMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function isCronRequest(req: NextRequest): boolean {
  const secret = env().CRON_SECRET;
  const authorization = req.headers.get('authorization');
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return Boolean(secret && match?.[1] && secretsMatch(match[1].trim(), secret));
}

/** Vercel Cron: `Authorization: Bearer $CRON_SECRET`. Without CRON_SECRET configured nobody gets in. */
export function withCron(handler: (ctx: BaseContext & { actor: Actor }) => Promise<Response>): RouteHandler {
  return wrap(async (req, context) => {
    if (!isCronRequest(req)) throw new BillingError({ code: 'unauthenticated', status: 401, message: 'A valid cron secret is required' });
    return { ...(await baseContext(req, context)), actor: { type: 'cron', id: null } satisfies Actor };
  }, handler);
}

/** A route reachable without credentials (health probes, the webhook, sign-in). */
export function withPublic(handler: (ctx: BaseContext) => Promise<Response>): RouteHandler {
  return wrap(baseContext, handler);
}

export const MAX_JSON_BYTES = 1_048_576;

/** Reads and validates a JSON body: malformed JSON → 400, oversized → 413, schema failure → 422. */
export async function readJson<T>(req: NextRequest, schema: ZodType<T>, maxBytes = MAX_JSON_BYTES): Promise<T> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new BillingError({ code: 'payload_too_large', status: 413, message: `The body is larger than ${maxBytes} bytes` });
  const text = await req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new BillingError({ code: 'payload_too_large', status: 413, message: `The body is larger than ${maxBytes} bytes` });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BillingError({ code: 'invalid_json', status: 400, message: 'The body is not valid JSON' });
  }
  return schema.parse(body);
}
