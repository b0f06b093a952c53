// Sending the outbox's emails: claim what is due, render it (lib/notifications/compose-email.ts),
// hand it to Resend, record the outcome. Runs right after the response that queued a message and in
// every automation run, so a message goes out within seconds or, if Resend is down, at the next run.
//
// Nothing is delivered twice. A claim is a lease (status sending, send_after pushed past the longest
// run), so two senders never hold the same message; and every attempt carries the message's own
// idempotency key, so when Resend accepted a message but its answer was lost (a timeout, a 500 after
// the fact), the retry is answered with the first send's id instead of a second email.
import { eq, sql } from 'drizzle-orm';
import type { Resend } from 'resend';
import type { BillingConfig } from '@/lib/config/billing-config';
import { selectRows, type Db } from '@/lib/db/client';
import { notificationOutbox } from '@/lib/db/schema';
import { env } from '@/lib/env';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { composeEmail } from './compose-email';

type OutboxRow = typeof notificationOutbox.$inferSelect;

/** Longer than an automation run's whole budget, so a live sender's claim never lapses under it. */
export const SEND_LEASE_MS = 5 * 60_000;
/** Each retry waits twice as long as the one before (1 min, 2, 4 … capped at 6 h); then it has failed. */
export const EMAIL_MAX_ATTEMPTS = 10;
const FIRST_RETRY_MS = 60_000;
const MAX_RETRY_MS = 6 * 3_600_000;
const SEND_TIMEOUT_MS = 15_000;

export function emailRetryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** Resend's idempotency key for the message: the same on every attempt, unique per message. */
export const emailIdempotencyKey = (messageId: string) => `meterbill-email-${messageId}`;

export type EmailSendContext = {
  now: Date;
  workspace: Workspace;
  config: BillingConfig;
  resend: Resend | null;
  from: string | null;
  appUrl?: string;
  deadline?: number;
  batchSize?: number;
  timeoutMs?: number;
};

export type EmailSendOutcome = { sent: number; notConfigured: number; retrying: number; failed: number; remaining: number };

async function claimDueEmails(db: Db, now: Date, limit: number): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + SEND_LEASE_MS);
  return db
    .update(notificationOutbox)
    .set({ status: 'sending', sendAfter: leaseUntil, updatedAt: sql`now()` })
    .where(
      sql`${notificationOutbox.id} in (select id from notification_outbox
            where channel = 'email' and status in ('queued', 'sending') and (send_after is null or send_after <= ${now.toISOString()}::timestamptz)
            order by send_after nulls first, created_at
            limit ${limit}
              for update skip locked)`,
    )
    .returning();
}

/** Resend's answers that a retry cannot fix: the message itself is wrong (bad address, no sender). */
function isPermanent(error: { name?: string; statusCode?: number | null }): boolean {
  return error.statusCode === 422 || error.statusCode === 400 || error.statusCode === 403 || error.name === 'validation_error';
}

async function sendOne(db: Db, row: OutboxRow, ctx: EmailSendContext): Promise<'sent' | 'not_configured' | 'retrying' | 'failed'> {
  const record = (change: Partial<typeof notificationOutbox.$inferInsert>) =>
    db.update(notificationOutbox).set({ ...change, updatedAt: ctx.now }).where(eq(notificationOutbox.id, row.id));
  let email: Awaited<ReturnType<typeof composeEmail>>;
  try {
    email = await composeEmail(db, row, { workspace: ctx.workspace, config: ctx.config, appUrl: ctx.appUrl ?? env().APP_URL, withAttachments: ctx.resend !== null });
  } catch (error) {
    // nothing to send it to, or its invoice is gone: retrying will not help
    await record({ status: 'failed', lastError: `could not render: ${error instanceof Error ? error.message : String(error)}` });
    return 'failed';
  }
  // A retry sends what the first attempt rendered, byte for byte: Resend compares a retried request's
  // body with the first one's under the same idempotency key (and the invoice may have changed since).
  const rendered =
    row.html !== null && row.subject !== null && row.text !== null && row.toEmails.length > 0
      ? { toEmails: row.toEmails, subject: row.subject, html: row.html, text: row.text }
      : { toEmails: email.to, subject: email.subject, html: email.html, text: email.text };
  if (!ctx.resend || !ctx.from) {
    const why = ctx.resend ? 'no sender address: set EMAIL_FROM or the workspace’s email_from' : 'RESEND_API_KEY is not set: rendered and kept, not sent';
    await record({ ...rendered, status: 'not_configured', lastError: why });
    return 'not_configured';
  }
  const attempts = row.attempts + 1;
  const signal = AbortSignal.timeout(ctx.timeoutMs ?? SEND_TIMEOUT_MS);
  const { data, error } = await ctx.resend.emails.send(
    { from: ctx.from, to: rendered.toEmails, subject: rendered.subject, html: rendered.html, text: rendered.text, attachments: email.attachments.map((a) => ({ filename: a.filename, content: a.content })) },
    { idempotencyKey: emailIdempotencyKey(row.id), signal },
  );
  if (data) {
    await record({ ...rendered, status: 'sent', attempts, sentAt: ctx.now, providerMessageId: data.id, lastError: null });
    return 'sent';
  }
  if (error?.name === 'invalid_idempotent_request') {
    // Resend already accepted a message under this key, whose answer we lost, and this retry's body
    // differs (its PDF shows a payment made since): the email went out; its id is not known
    await record({ ...rendered, status: 'sent', attempts, sentAt: ctx.now, lastError: 'Resend had accepted this message on an earlier attempt whose answer was lost; its id is unknown' });
    return 'sent';
  }
  const message = `${error?.name ?? 'error'}${error?.statusCode ? ` (${error.statusCode})` : ''}: ${error?.message ?? 'no answer'}`.slice(0, 1000);
  if ((error && isPermanent(error)) || attempts >= EMAIL_MAX_ATTEMPTS) {
    await record({ ...rendered, status: 'failed', attempts, lastError: message });
    return 'failed';
  }
  await record({ ...rendered, status: 'queued', attempts, lastError: message, sendAfter: new Date(ctx.now.getTime() + emailRetryDelayMs(attempts)) });
  return 'retrying';
}

async function countDue(db: Db, now: Date): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from notification_outbox
         where channel = 'email' and status in ('queued', 'sending') and (send_after is null or send_after <= ${now.toISOString()}::timestamptz)`,
  );
  return row?.n ?? 0;
}

/** Sends what is due until none is left or the deadline passes; `db` is the workspace's scoped handle. */
export async function sendDueEmails(db: Db, ctx: EmailSendContext): Promise<EmailSendOutcome> {
  const outcome: EmailSendOutcome = { sent: 0, notConfigured: 0, retrying: 0, failed: 0, remaining: 0 };
  // A few at a time: Resend's rate limit is per second, a slow answer holds only its own slot, and a
  // claim is never bigger than what is sent side by side, so the deadline is checked before every
  // group and a step overruns its share of the run by one group's time at most.
  const batchSize = ctx.batchSize ?? 4;
  while (ctx.deadline === undefined || Date.now() < ctx.deadline) {
    const batch = await claimDueEmails(db, ctx.now, batchSize);
    if (batch.length === 0) break;
    const results = await Promise.all(batch.map((row) => sendOne(db, row, ctx)));
    for (const r of results) {
      if (r === 'sent') outcome.sent++;
      else if (r === 'not_configured') outcome.notConfigured++;
      else if (r === 'retrying') outcome.retrying++;
      else outcome.failed++;
    }
    if (batch.length < batchSize) break;
  }
  outcome.remaining = await countDue(db, ctx.now);
  return outcome;
}
