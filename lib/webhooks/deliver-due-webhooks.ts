// The second half of sending webhooks: every pending delivery that is due is POSTed to its endpoint,
// signed (Standard Webhooks), and its outcome recorded: a 2xx within the timeout succeeds it; anything
// else is a failed attempt, tried again on the schedule of webhook-retry-schedule.ts and failed after
// the last. An endpoint whose attempts have all failed for three days is disabled and the workspace's
// admins are told (an admin_alert email).
//
// Claims take a lease: the delivery's next_attempt_at moves to `now` + the lease while its attempt
// runs (rows taken with SKIP LOCKED), so two deliverers running at once never send one delivery
// twice, and one killed mid-attempt leaves a delivery that is simply due again once the lease ends.
// No transaction is open during an attempt. Attempts run side by side, at most `concurrency` at a time
// and `perEndpoint` per endpoint, each with its own timeout, so a slow or dead endpoint holds up its
// own deliveries only.
//
// Time: the schedule, failing_since and the lease are all computed from `now`; only the timeout (and
// the deadline, as in the other steps of the run) is real time.
import { sql } from 'drizzle-orm';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { selectRows, type Db, type Tx } from '@/lib/db/client';
import { env } from '@/lib/env';
import { queueNotifications } from '@/lib/notifications/queue-notifications';
import { sendWebhook, truncate, type AttemptOutcome, type WebhookFetch } from './send-webhook';
import { signWebhook } from './sign-webhook';
import { webhookEventId } from './to-webhook-endpoint-json';
import { nextWebhookAttemptAt, WEBHOOK_DISABLE_AFTER_MS } from './webhook-retry-schedule';
import { webhookUrlProblem, type HostLookup } from './webhook-url-safety';

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
export const DEFAULT_WEBHOOK_CONCURRENCY = 8;
export const DEFAULT_WEBHOOK_PER_ENDPOINT = 2;
/** How long a claimed delivery is kept from other deliverers beyond its timeout. */
const LEASE_MARGIN_MS = 5 * 60_000;

export type DeliverWebhooksOptions = {
  now: Date;
  /** stop claiming at this epoch-ms instant (real time); what is in flight is finished */
  deadline?: number;
  timeoutMs?: number;
  concurrency?: number;
  perEndpoint?: number;
  /** http and private addresses allowed; default WEBHOOK_ALLOW_PRIVATE_URLS */
  allowPrivateUrls?: boolean;
  fetch?: WebhookFetch;
  lookup?: HostLookup;
  /** the app's address, for the link in the admin alert; default APP_URL */
  appUrl?: string;
  /** only these deliveries (a manual retry) */
  only?: string[];
};

export type DeliverResult = {
  /** deliveries that succeeded */
  done: number;
  /** attempts that failed (tried again later, or failed for good) */
  failed: number;
  /** pending deliveries still due at `now` */
  remaining: number;
};

type Claim = {
  id: string;
  attempts: number;
  endpoint_id: string;
  message_id: string;
  url: string;
  secret: string;
  body: string | null;
};

const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * Takes up to `free` due deliveries, at most `perEndpoint` per endpoint counting those `inFlight`,
 * oldest due first, and leases them until `leaseEnd`.
 */
async function claimDue(db: Db, { now, leaseEnd, free, perEndpoint, inFlight, only }: { now: Date; leaseEnd: Date; free: number; perEndpoint: number; inFlight: Map<string, number>; only?: string[] }) {
  const onlyThese = only ? sql`and x.id in (select (value #>> '{}')::uuid from json_array_elements(${JSON.stringify(only)}::json))` : sql``;
  return selectRows<Claim>(
    db,
    sql`
    with picked as (
      select d.id from webhook_deliveries d
       where d.id in (
         select c.id from webhook_endpoints e
         cross join lateral (
           select x.id from webhook_deliveries x
            where x.endpoint_id = e.id and x.status = 'pending' and x.next_attempt_at <= ${at(now)} ${onlyThese}
            order by x.next_attempt_at, x.id
            limit greatest(0, ${perEndpoint}::int - coalesce((${JSON.stringify(Object.fromEntries(inFlight))}::jsonb ->> e.id::text)::int, 0))
         ) c
         where e.enabled
       )
       and d.status = 'pending' and d.next_attempt_at <= ${at(now)}
       order by d.next_attempt_at, d.id
       limit ${free}::int
       for update skip locked
    )
    update webhook_deliveries w set next_attempt_at = ${at(leaseEnd)}, updated_at = now()
      from picked, webhook_endpoints e, notification_outbox o
     where w.id = picked.id and e.id = w.endpoint_id and o.id = w.message_id
    returning w.id, w.attempts, w.endpoint_id, w.message_id, e.url, e.secret, o.payload->>'event' as body`,
  );
}

async function remainingDue(db: Db, now: Date): Promise<number> {
  const [row] = await selectRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
         where e.enabled and d.status = 'pending' and d.next_attempt_at <= ${at(now)}`,
  );
  return Number(row?.n ?? 0);
}

/** The endpoint has failed for three days: disabled, audited, and the workspace's admins told. */
async function disableFailingEndpoint(tx: Tx, endpoint: { id: string; url: string; failing_since: Date }, lastError: string, { now, appUrl }: { now: Date; appUrl: string }) {
  const reason = `every delivery attempt since ${endpoint.failing_since.toISOString()} failed; the last: ${lastError}`.slice(0, 1_000);
  const [disabled] = await selectRows<{ id: string }>(
    tx,
    sql`update webhook_endpoints set enabled = false, disabled_reason = ${reason}, updated_at = now()
         where id = ${endpoint.id}::uuid and enabled returning id`,
  );
  if (!disabled) return;
  await writeAuditEntries(tx, { type: 'system', id: null }, [
    {
      action: 'webhook_endpoint.disabled',
      entityType: 'webhook_endpoint',
      entityId: endpoint.id,
      details: { url: endpoint.url, failing_since: endpoint.failing_since.toISOString(), reason, disabled_at: now.toISOString(), before: { enabled: true }, after: { enabled: false } },
    },
  ]);
  const [workspace] = await selectRows<{ admin_alert_emails: string[] }>(tx, sql`select admin_alert_emails from workspaces where id = public.current_workspace_id()`);
  await queueNotifications(tx, [
    {
      channel: 'email',
      template: 'admin_alert',
      // once per endpoint and run of failures: disabled again after a later run, it is told again
      dedupeKey: `admin_alert:webhook_endpoint_disabled:${endpoint.id}:${endpoint.failing_since.toISOString()}`,
      toEmails: workspace?.admin_alert_emails ?? [],
      payload: {
        title: 'A webhook endpoint was disabled',
        message: `Deliveries to ${endpoint.url} have failed since ${endpoint.failing_since.toISOString()}, so the endpoint was disabled and receives no more events. The last error: ${lastError}. Fix the receiver, then enable the endpoint again; its pending deliveries resume.`,
        link: `${appUrl.replace(/\/+$/, '')}/admin/webhooks`,
      },
    },
  ]);
}

/**
 * Records the attempt's outcome, if the delivery is still ours (leased until `leaseEnd`), and what it
 * means for the endpoint. Answers false when the lease was lost (taken over after it ran out).
 */
async function recordAttempt(db: Db, claim: Claim, outcome: AttemptOutcome, { now, leaseEnd, appUrl }: { now: Date; leaseEnd: Date; appUrl: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const attempts = claim.attempts + 1;
    const owned = sql`id = ${claim.id}::uuid and status = 'pending' and next_attempt_at = ${at(leaseEnd)}`;
    if (outcome.ok) {
      const [row] = await selectRows<{ id: string }>(
        tx,
        sql`update webhook_deliveries set status = 'succeeded', attempts = ${attempts}::int, response_status = ${outcome.status}::int, last_error = null,
                   delivered_at = ${at(now)}, next_attempt_at = ${at(now)}, updated_at = now()
             where ${owned} returning id`,
      );
      if (!row) return false;
      // one success ends the endpoint's run of failures
      await tx.execute(sql`update webhook_endpoints set failing_since = null, updated_at = now() where id = ${claim.endpoint_id}::uuid and failing_since is not null`);
      return true;
    }
    const next = nextWebhookAttemptAt(attempts, now);
    const [row] = await selectRows<{ id: string }>(
      tx,
      sql`update webhook_deliveries set status = ${next ? 'pending' : 'failed'}, attempts = ${attempts}::int, response_status = ${outcome.status}::int,
                 last_error = ${outcome.error}, next_attempt_at = ${at(next ?? now)}, updated_at = now()
           where ${owned} returning id`,
    );
    if (!row) return false;
    const [endpoint] = await selectRows<{ id: string; url: string; enabled: boolean; failing_since: Date | string }>(
      tx,
      sql`update webhook_endpoints set failing_since = coalesce(failing_since, ${at(now)}), updated_at = now()
           where id = ${claim.endpoint_id}::uuid returning id, url, enabled, failing_since`,
    );
    if (endpoint?.enabled) {
      const failingSince = new Date(endpoint.failing_since);
      if (now.getTime() - failingSince.getTime() >= WEBHOOK_DISABLE_AFTER_MS) {
        await disableFailingEndpoint(tx, { id: endpoint.id, url: endpoint.url, failing_since: failingSince }, outcome.error, { now, appUrl });
      }
    }
    return true;
  });
}

/** Resolves with `fallback` when `work` takes longer than `ms`. */
function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([work, new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]).finally(() => clearTimeout(timer));
}

export async function deliverDueWebhooks(db: Db, options: DeliverWebhooksOptions): Promise<DeliverResult> {
  const {
    now,
    deadline,
    timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS,
    concurrency = DEFAULT_WEBHOOK_CONCURRENCY,
    perEndpoint = DEFAULT_WEBHOOK_PER_ENDPOINT,
    allowPrivateUrls = env().WEBHOOK_ALLOW_PRIVATE_URLS,
    fetch,
    lookup,
    appUrl = env().APP_URL,
    only,
  } = options;
  const leaseEnd = new Date(now.getTime() + timeoutMs + LEASE_MARGIN_MS);
  // the signature's timestamp is when the attempt is made: the run's `now` plus the time it has run
  const started = performance.now();
  const signingTime = () => new Date(now.getTime() + Math.round(performance.now() - started));
  const timeLeft = () => deadline === undefined || Date.now() < deadline;

  let done = 0;
  let failed = 0;
  const inFlight = new Map<string, Promise<void>>();
  const perEndpointInFlight = new Map<string, number>();

  const attempt = async (claim: Claim) => {
    let outcome: AttemptOutcome;
    // DNS may have changed since the endpoint was saved: the addresses are checked before every attempt
    const problem = await within(webhookUrlProblem(claim.url, { allowPrivateUrls, lookup }), timeoutMs, `the host could not be resolved within ${timeoutMs / 1000} s`);
    if (problem) outcome = { ok: false, status: null, error: truncate(`not sent: ${problem.startsWith('must') ? `the URL ${problem}` : problem}`) };
    else if (claim.body === null) outcome = { ok: false, status: null, error: 'not sent: the event has no body (it was not fanned out)' };
    else {
      const messageId = webhookEventId(claim.message_id);
      const headers = signWebhook({ secret: claim.secret, messageId, signedAt: signingTime(), body: claim.body });
      outcome = await sendWebhook({ url: claim.url, body: claim.body, headers, timeoutMs, fetch });
    }
    try {
      const recorded = await recordAttempt(db, claim, outcome, { now, leaseEnd, appUrl });
      if (!recorded) console.warn(`[webhooks] delivery ${claim.id}: its lease ran out before the attempt was recorded`);
      else if (outcome.ok) done += 1;
      else failed += 1;
    } catch (error) {
      // the lease keeps the delivery from others until it ends; then it is simply due again
      console.error(`[webhooks] delivery ${claim.id}: recording the attempt failed: ${error instanceof Error ? error.message : String(error)}`);
      failed += 1;
    }
  };

  let finished = 0;
  const start = (claim: Claim) => {
    perEndpointInFlight.set(claim.endpoint_id, (perEndpointInFlight.get(claim.endpoint_id) ?? 0) + 1);
    const running = attempt(claim).finally(() => {
      finished += 1;
      inFlight.delete(claim.id);
      const left = (perEndpointInFlight.get(claim.endpoint_id) ?? 1) - 1;
      if (left > 0) perEndpointInFlight.set(claim.endpoint_id, left);
      else perEndpointInFlight.delete(claim.endpoint_id);
    });
    inFlight.set(claim.id, running);
  };

  // A pool: whenever a slot is free, claim what may start now; a finished attempt frees its slot and
  // its endpoint's, so the next claim may take that endpoint's next delivery or another endpoint's.
  for (;;) {
    const free = concurrency - inFlight.size;
    if (free > 0 && timeLeft()) {
      const finishedBefore = finished;
      const claims = await claimDue(db, { now, leaseEnd, free, perEndpoint, inFlight: perEndpointInFlight, only });
      for (const claim of claims) start(claim);
      // attempts that finished while the claim ran were still counted against their endpoint: their
      // endpoint may have more to send, so claim again rather than take an empty claim as the end
      if (inFlight.size === 0 && claims.length === 0 && finished !== finishedBefore) continue;
    }
    if (inFlight.size === 0) break;
    await Promise.race(inFlight.values());
  }
  return { done, failed, remaining: await remainingDue(db, now) };
}
