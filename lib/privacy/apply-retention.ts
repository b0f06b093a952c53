// Deletes what a workspace keeps no longer (retention-settings.ts), as of the run's `now`, in bounded
// batches: each statement touches at most `batchSize` rows, so no statement holds locks or builds WAL
// for millions of rows at once, and a run stops at `maxRows` per kind of data or at its deadline, the
// next run going on where it stopped. "Past its age" is strictly older than `now` minus the days: a
// row exactly that old is kept until the next run.
//
// Deleting raw usage events changes no total: billing and the dashboard read the daily rollups
// (usage_rollups, usage_unique_values), which are kept, and only read raw events at the edges of a
// period not yet invoiced, whose events are never deleted here. Ingestion refuses events in invoiced
// periods, so a replayed old event cannot be counted twice either.
import { sql, type SQL } from 'drizzle-orm';
import { selectRows, type Queryable } from '@/lib/db/client';
import { DAY_MS } from '@/lib/time/utc-day';
import type { RetentionSettings } from './retention-settings';

export const RETENTION_BATCH_SIZE = 5_000;
/** per kind of data and run: a first run over years of data spreads over several runs */
export const RETENTION_MAX_ROWS_PER_RUN = 200_000;

export type RetentionKind = 'usage_events' | 'webhook_events' | 'webhook_payloads' | 'email_bodies' | 'webhook_deliveries' | 'messages';
export type RetentionOutcome = { done: number; remaining: number; by_kind: Record<RetentionKind, number> };

type Options = { now: Date; batchSize?: number; maxRows?: number; deadline?: number };

const FINAL_MESSAGE = sql.raw(`('sent', 'failed', 'not_configured')`);

/** The rows of each kind past their age, as `select id … ` without a limit; null when kept forever. */
function candidates(settings: RetentionSettings, now: Date): Record<RetentionKind, SQL | null> {
  const cutoff = (days: number | null) => (days === null ? null : new Date(now.getTime() - days * DAY_MS).toISOString());
  const events = cutoff(settings.usage_events_days);
  const payloads = cutoff(settings.webhook_payloads_days);
  const bodies = cutoff(settings.email_bodies_days);
  const logs = cutoff(settings.delivery_logs_days);
  return {
    // an event of a period not yet invoiced is still needed to bill it
    usage_events: events
      ? sql`select e.id from usage_events e where e.occurred_at < ${events}::timestamptz
              and not exists (select 1 from billing_periods p where p.customer_id = e.customer_id and p.status in ('open', 'closing') and p.period_start <= e.occurred_at and e.occurred_at < p.period_end)`
      : null,
    // a Stripe event still being processed is left to its handler
    webhook_events: payloads ? sql`select id from webhook_events where received_at < ${payloads}::timestamptz and status <> 'processing'` : null,
    // an outgoing event's payload, once every delivery of it is done
    webhook_payloads: payloads
      ? sql`select o.id from notification_outbox o where o.channel = 'webhook' and o.created_at < ${payloads}::timestamptz and o.status in ${FINAL_MESSAGE} and o.payload <> '{}'::jsonb
              and not exists (select 1 from webhook_deliveries d where d.message_id = o.id and d.status = 'pending')`
      : null,
    email_bodies: bodies
      ? sql`select id from notification_outbox where channel = 'email' and created_at < ${bodies}::timestamptz and status in ${FINAL_MESSAGE} and (html is not null or text is not null)`
      : null,
    webhook_deliveries: logs ? sql`select id from webhook_deliveries where created_at < ${logs}::timestamptz and status <> 'pending'` : null,
    // the message itself once nothing refers to it (its deliveries go first, above)
    messages: logs
      ? sql`select o.id from notification_outbox o where o.created_at < ${logs}::timestamptz and o.status in ${FINAL_MESSAGE}
              and not exists (select 1 from webhook_deliveries d where d.message_id = o.id)`
      : null,
  };
}

/** One bounded statement of each kind: what it does to the rows `ids` selects. */
function statement(kind: RetentionKind, ids: SQL): SQL {
  switch (kind) {
    case 'usage_events':
      return sql`delete from usage_events where id in (${ids})`;
    case 'webhook_events':
      return sql`delete from webhook_events where id in (${ids})`;
    case 'webhook_payloads':
      return sql`update notification_outbox set payload = '{}'::jsonb where id in (${ids})`;
    case 'email_bodies':
      return sql`update notification_outbox set html = null, text = null where id in (${ids})`;
    case 'webhook_deliveries':
      return sql`delete from webhook_deliveries where id in (${ids})`;
    case 'messages':
      return sql`delete from notification_outbox where id in (${ids})`;
  }
}

/** In this order: deliveries before the messages they belong to. */
const KINDS: RetentionKind[] = ['usage_events', 'webhook_events', 'webhook_payloads', 'email_bodies', 'webhook_deliveries', 'messages'];

export async function applyRetention(db: Queryable, settings: RetentionSettings, { now, batchSize = RETENTION_BATCH_SIZE, maxRows = RETENTION_MAX_ROWS_PER_RUN, deadline }: Options): Promise<RetentionOutcome> {
  const outcome: RetentionOutcome = { done: 0, remaining: 0, by_kind: { usage_events: 0, webhook_events: 0, webhook_payloads: 0, email_bodies: 0, webhook_deliveries: 0, messages: 0 } };
  const past = candidates(settings, now);
  for (const kind of KINDS) {
    const ids = past[kind];
    if (!ids) continue;
    let done = 0;
    let more = true;
    while (more && done < maxRows && (deadline === undefined || Date.now() < deadline)) {
      const limit = Math.min(batchSize, maxRows - done);
      const [row] = await selectRows<{ n: number }>(db, sql`with touched as (${statement(kind, sql`${ids} limit ${limit}`)} returning 1) select count(*)::int as n from touched`);
      const n = row?.n ?? 0;
      done += n;
      more = n === limit;
    }
    if (more) {
      const [left] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from (${ids}) c`);
      outcome.remaining += left?.n ?? 0;
    }
    outcome.by_kind[kind] = done;
    outcome.done += done;
  }
  return outcome;
}
