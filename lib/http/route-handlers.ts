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
import { cookies } from 'next/headers';
import type Stripe from 'stripe';
import type { BillingConfig } from '@/lib/config/billing-config';
import { asUser } from '@/lib/db/as-user';
import type { Database, Db, Tx } from '@/lib/db/client';
import { DEFAULT_WORKSPACE_ID } from '@/lib/db/schema';
import { env } from '@/lib/env';
import { BillingError, forbidden, unauthenticated } from '@/lib/errors/billing-error';
import { findCustomerWorkspace } from '@/lib/workspaces/customer-workspace';
import { findWorkspace } from '@/lib/workspaces/find-workspace';
import { chooseWorkspace, mayWrite, sessionWorkspaces, WORKSPACE_COOKIE, type WorkspaceAccess, type WorkspaceRole } from '@/lib/workspaces/session-workspaces';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { workspaceServices, type WorkspaceServices } from '@/lib/workspaces/workspace-services';
import { deliverAfterResponse } from '@/lib/notifications/deliver-after-response';
import { errorResponse } from './error-response';

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type RouteHandler = (req: NextRequest, context: RouteContext) => Promise<Response>;

export type BaseContext = {
  req: NextRequest;
  params: Record<string, string>;
  /**
   * The database scoped to the caller's workspace: every query the handler makes sees that
   * workspace's rows only (RLS, lib/db/client.ts). Work above workspaces uses database.installation.
   */
  database: Database;
  db: Db;
  workspace: Workspace;
  /** the workspace's billing settings (lib/workspaces/workspace-config.ts) */
  config: BillingConfig;
  /** the workspace's Stripe client (its Connect account's when it has one); null without Stripe */
  stripe: Stripe | null;
  /** the installation's Resend client and the workspace's sender */
  email?: WorkspaceServices['email'];
  /** the request's clock reading: domain code takes time from here, never from Date.now() */
  now: Date;
};

/** Who is calling a route that customers and admins share. */
export type Principal =
  | { kind: 'customer'; session: Session; actor: Actor }
  | { kind: 'admin'; session: Session | null; actor: Actor; role: WorkspaceRole };

export type UserContext = BaseContext & {
  principal: Principal;
  /** Runs queries as the signed-in customer, under RLS (admins use ctx.db directly). */
  asUser<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
};
export type AdminContext = BaseContext & {
  actor: Actor;
  session: Session | null;
  role: WorkspaceRole;
  /**
   * May manage the installation's workspaces: a session whose app_metadata.role is admin, or a
   * billing:admin key of the `default` workspace (the installation's own).
   */
  installationAdmin: boolean;
  /** the workspaces a session may switch to (a key works in its own only) */
  workspaces: WorkspaceAccess[];
};
export type ApiKeyContext = BaseContext & { apiKey: ApiKeyPrincipal; actor: Actor };

function presentedApiKey(req: NextRequest): string | null {
  const header = req.headers.get('x-api-key');
  if (header) return header.trim();
  const authorization = req.headers.get('authorization');
  const match = authorization ? /^Bearer\s+(.+)$/i.exec(authorization) : null;
  return match?.[1]?.trim() ?? null;
}

/** The request before it works in a workspace; each wrapper moves it into its caller's. */
type RequestBase = Pick<BaseContext, 'req' | 'params' | 'database' | 'now'>;

async function requestBase(req: NextRequest, context: RouteContext): Promise<RequestBase> {
  const raw = await context.params;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw ?? {})) if (typeof value === 'string') params[key] = value;
  return { req, params, database: await getDatabase(), now: new Date() };
}

/** The same request, working in `workspace`, with its settings and Stripe client. */
function scopedTo(base: RequestBase, workspace: Workspace): BaseContext {
  const database = base.database.inWorkspace(workspace.id);
  return { ...base, database, db: database.db, workspace, ...workspaceServices(workspace) };
}

/**
 * Read only when the caller brings no workspace of its own (cron, public routes, a user who is nobody's
 * customer): an API key's lookup already returns its workspace, so ingestion never pays for this.
 */
async function defaultWorkspace(base: RequestBase): Promise<Workspace> {
  const workspace = await findWorkspace(base.database.installation.db, DEFAULT_WORKSPACE_ID);
  if (!workspace) throw new Error('the default workspace is missing: run the migrations');
  return workspace;
}

async function inDefaultWorkspace(req: NextRequest, context: RouteContext): Promise<BaseContext> {
  const base = await requestBase(req, context);
  return scopedTo(base, await defaultWorkspace(base));
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A viewer reads; every other method is a change, refused before the handler runs (unless the route writes nothing). */
function assertMayAct(req: NextRequest, role: WorkspaceRole, writesNothing = false) {
  if (!writesNothing && !READ_METHODS.has(req.method) && !mayWrite(role)) throw forbidden('Your role in this workspace (viewer) may read but not change anything');
}

/** The workspace a session works in, by the switcher's cookie; null when it may work in none. */
async function sessionWorkspace(base: RequestBase, session: Session): Promise<{ access: WorkspaceAccess; all: WorkspaceAccess[] } | null> {
  const all = await sessionWorkspaces(base.database.installation.db, session);
  const access = chooseWorkspace(all, (await cookies()).get(WORKSPACE_COOKIE)?.value);
  return access ? { access, all } : null;
}

/** A customer works in the workspace their billing account is in. */
async function customerWorkspace(base: RequestBase, session: Session): Promise<Workspace> {
  return (await findCustomerWorkspace(base.database.installation.db, session.userId)) ?? defaultWorkspace(base);
}

function wrap<C>(build: (req: NextRequest, context: RouteContext) => Promise<C>, handler: (ctx: C) => Promise<Response>, afterChange?: (ctx: C) => void): RouteHandler {
  return async (req, context) => {
    try {
      const ctx = await build(req, context);
      const response = await handler(ctx);
      if (afterChange && !READ_METHODS.has(req.method)) afterChange(ctx);
      return response;
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/**
 * A change by an admin or a customer may have queued emails and webhook events (the audit writer
 * queues them): send them once the response is on its way. Ingestion (withApiKey) queues nothing and
 * is the hot path, so it does not pay for the check.
 */
const sendQueuedMessages = (ctx: BaseContext) => deliverAfterResponse(ctx.database, { workspace: ctx.workspace, services: { config: ctx.config, stripe: ctx.stripe, email: ctx.email } });

/** An API key, when one is presented; a presented key that is wrong is a 401, not a fallback to cookies. */
async function apiKeyPrincipal(base: RequestBase): Promise<ApiKeyPrincipal | null> {
  const key = presentedApiKey(base.req);
  if (!key) return null;
  const principal = await authenticateApiKey(base.database.installation.db, key, base.now);
  if (!principal) throw new BillingError({ code: 'invalid_api_key', status: 401, message: 'The API key is not valid or has been revoked' });
  return principal;
}

const sessionActor = (session: Session): Actor => ({ type: 'user', id: session.userId });
const keyActor = (key: ApiKeyPrincipal): Actor => ({ type: 'api_key', id: key.id });

/** Customers (their own data, under RLS) and admins (session or billing:admin key). */
export function withUser(handler: (ctx: UserContext) => Promise<Response>): RouteHandler {
  return wrap(async (req, context) => {
    const request = await requestBase(req, context);
    const key = await apiKeyPrincipal(request);
    let principal: Principal;
    let base: BaseContext;
    if (key) {
      if (!key.scopes.includes('billing:admin')) throw forbidden('This API key may only send usage');
      principal = { kind: 'admin', session: null, actor: keyActor(key), role: 'admin' };
      base = scopedTo(request, key.workspace);
    } else {
      const session = await getSession();
      if (!session) throw unauthenticated();
      const admin = await sessionWorkspace(request, session);
      if (admin) {
        principal = { kind: 'admin', session, actor: sessionActor(session), role: admin.access.role };
        base = scopedTo(request, admin.access.workspace);
      } else {
        principal = { kind: 'customer', session, actor: sessionActor(session) };
        base = scopedTo(request, await customerWorkspace(request, session));
      }
    }
    if (principal.kind === 'admin') assertMayAct(req, principal.role);
    return {
      ...base,
      principal,
      asUser: <T,>(work: (tx: Tx) => Promise<T>) => {
        if (principal.kind !== 'customer') throw new Error('asUser is for customer sessions');
        return asUser(base.db, principal.session.claims, work);
      },
    };
  }, handler, sendQueuedMessages);
}

/**
 * Admins only: a session whose app_metadata.role is admin, or a key with scope billing:admin.
 * `rolesCheckedByHandler`: the route changes a workspace it names itself (/workspaces/[id], a key's
 * workspace_id), so the caller's role there, not in the workspace they are working in, decides
 * whether a viewer may act; the handler checks it (lib/workspaces/workspace-access.ts).
 * `writesNothing`: a POST that only computes an answer from what it reads (the pricing simulator, the
 * cost projector), so a viewer, who may read everything it reads, may call it too. POST because its
 * input (a list of proposed charges) does not fit a query string; the route must really write nothing
 * (the simulator reads in a READ ONLY transaction), so nothing is queued to send after it either.
 */
export function withAdmin(handler: (ctx: AdminContext) => Promise<Response>, { rolesCheckedByHandler = false, writesNothing = false } = {}): RouteHandler {
  return wrap(async (req, context) => {
    const base = await requestBase(req, context);
    const key = await apiKeyPrincipal(base);
    if (key) {
      if (!key.scopes.includes('billing:admin')) throw forbidden('This API key lacks the billing:admin scope');
      const access: WorkspaceAccess = { workspace: key.workspace, role: 'admin' };
      return {
        ...scopedTo(base, key.workspace),
        actor: keyActor(key),
        session: null,
        role: access.role,
        installationAdmin: key.workspace.id === DEFAULT_WORKSPACE_ID,
        workspaces: [access],
      };
    }
    const session = await getSession();
    if (!session) throw unauthenticated();
    const admin = await sessionWorkspace(base, session);
    if (!admin) throw forbidden('Admins only');
    if (!rolesCheckedByHandler) assertMayAct(req, admin.access.role, writesNothing);
    return {
      ...scopedTo(base, admin.access.workspace),
      actor: sessionActor(session),
      session,
      role: admin.access.role,
      installationAdmin: session.isAdmin,
      workspaces: admin.all,
    };
  }, handler, writesNothing ? undefined : sendQueuedMessages);
}

/** Server-to-server calls with an API key holding `scope` (billing:admin holds every scope). */
export function withApiKey(scope: 'usage:write' | 'billing:admin', handler: (ctx: ApiKeyContext) => Promise<Response>): RouteHandler {
  return wrap(async (req, context) => {
    const base = await requestBase(req, context);
    const key = await apiKeyPrincipal(base);
    if (!key) throw new BillingError({ code: 'unauthenticated', status: 401, message: 'Send an API key as Authorization: Bearer <key> or X-API-Key' });
    if (!key.scopes.includes(scope) && !key.scopes.includes('billing:admin')) throw forbidden(`This API key lacks the ${scope} scope`);
    return { ...scopedTo(base, key.workspace), apiKey: key, actor: keyActor(key) };
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
    return { ...(await inDefaultWorkspace(req, context)), actor: { type: 'cron', id: null } satisfies Actor };
  }, handler);
}

/** A route reachable without credentials (health probes, the webhook, sign-in). */
export function withPublic(handler: (ctx: BaseContext) => Promise<Response>): RouteHandler {
  return wrap(inDefaultWorkspace, handler);
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
