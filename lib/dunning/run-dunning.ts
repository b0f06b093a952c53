// Dunning, after each billing run: mark invoices past due as overdue, retry failed payments on their
// schedule, suspend customers whose invoice is unpaid past the grace period, reactivate those who have
// settled, and ask customers who pay by card or debit but have no payment method for one. Every step
// is written to the audit log, and every message to the customer goes through the notification outbox
// with a dedupe key, so running this twice never says anything twice.
import { sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { selectRows, type Db } from '@/lib/db/client';
import { processPayment } from '@/lib/payments/process-payment';
import type { DunningContext } from './dunning-records';
import { suspensionCutoff } from './dunning-policy';
import { reactivateIfSettled } from './reactivate';

const CHARGE_LEASE_MS = 10 * 60_000;
/** Charges claimed at a time: few enough that a run stopping at its deadline hands back little. */
const CHARGE_CLAIM = 25;

export type DunningSummary = {
  overdue: number;
  retried: number;
  recovered: number;
  suspended: number;
  reactivated: number;
  asked_for_payment_method: number;
  /** charges due that this run left for the next (its time ran out) */
  remaining: number;
};

/** Charges due now (first attempts of auto-pay invoices, then retries) that are not claimed by a run. */
async function countDueCharges(db: Db, now: Date): Promise<number> {
  const [row] = await selectRows<{ n: string | number }>(
    db,
    sql`select count(*) as n from invoices where status in ('open', 'uncollectible') and source = 'meterbill' and next_payment_attempt_at <= ${now.toISOString()}::timestamptz`,
  );
  return Number(row?.n ?? 0);
}

/**
 * One dunning pass. Every step but the charges is one statement; the charges loop until none is due
 * or `deadline` (epoch ms) passes, so a backlog of any size drains over as many passes as it takes.
 */
export async function runDunning(db: Db, stripe: Stripe | null, ctx: DunningContext & { deadline?: number }): Promise<DunningSummary> {
  const { now, config, actor } = ctx;
  const timeLeft = () => ctx.deadline === undefined || Date.now() < ctx.deadline;
  const summary: DunningSummary = { overdue: 0, retried: 0, recovered: 0, suspended: 0, reactivated: 0, asked_for_payment_method: 0, remaining: 0 };

  // 1. past due → overdue, once
  await db.transaction(async (tx) => {
    const overdue = await selectRows<{ id: string; customer_id: string; number: string; email: string; amount_due: string; currency: string }>(
      tx,
      sql`update invoices i set overdue_at = ${now.toISOString()}::timestamptz, updated_at = now()
            from customers c
           where c.id = i.customer_id and i.status = 'open' and i.due_date < ${now.toISOString()}::timestamptz and i.overdue_at is null
       returning i.id, i.customer_id, i.number, c.email, i.amount_due, i.currency`,
    );
    summary.overdue = overdue.length;
    await writeAuditEntries(tx, actor, overdue.map((r) => ({ action: 'invoice.overdue', entityType: 'invoice', entityId: r.id, customerId: r.customer_id, details: { number: r.number, after: { overdue: true } } })));
  });

  // 2. charges that are due (first attempts of auto-pay invoices, then retries), claimed with a lease
  // so two runs never charge one invoice at once; a run killed mid-charge leaves the lease to expire
  // and the next run tries again with the same idempotency key, which Stripe answers without charging twice.
  // An invoice Stripe issued (source 'stripe') is Stripe's to charge: its retries are Stripe's own.
  if (stripe) {
    const lease = new Date(now.getTime() + CHARGE_LEASE_MS).toISOString();
    while (timeLeft()) {
      const due = await selectRows<{ id: string }>(
        db,
        sql`update invoices set next_payment_attempt_at = ${lease}::timestamptz
             where id in (select id from invoices where status in ('open', 'uncollectible') and source = 'meterbill' and next_payment_attempt_at <= ${now.toISOString()}::timestamptz
                           order by next_payment_attempt_at, id limit ${CHARGE_CLAIM} for update skip locked)
         returning id`,
      );
      if (due.length === 0) break;
      const unattempted = due.map((d) => d.id);
      while (unattempted.length && timeLeft()) {
        const id = unattempted.shift()!;
        summary.retried += 1;
        const result = await processPayment(db, stripe, id, { now, config });
        if (result.status === 'paid') summary.recovered += 1;
      }
      if (unattempted.length) {
        // out of time: hand the claimed charges back so the next run takes them without waiting for the lease
        await db.execute(sql`update invoices set next_payment_attempt_at = ${now.toISOString()}::timestamptz
                              where id = any(${`{${unattempted.join(',')}}`}::uuid[]) and next_payment_attempt_at = ${lease}::timestamptz`);
      }
    }
    summary.remaining = await countDueCharges(db, now);
  }

  // 3. unpaid past the grace period → suspended, subscriptions past due
  await db.transaction(async (tx) => {
    const graceCutoff = suspensionCutoff(config.dunning, now);
    const suspended = await selectRows<{ id: string; email: string }>(
      tx,
      sql`update customers c set status = 'suspended', suspended_at = ${now.toISOString()}::timestamptz, updated_at = now()
           where c.status = 'active'
             and exists (select 1 from invoices i where i.customer_id = c.id and i.status in ('open', 'uncollectible')
                          and i.due_date < ${graceCutoff.toISOString()}::timestamptz)
       returning c.id, c.email`,
    );
    summary.suspended = suspended.length;
    if (suspended.length) {
      await tx.execute(sql`update subscriptions set status = 'past_due', updated_at = now()
                            where customer_id = any(${`{${suspended.map((r) => r.id).join(',')}}`}::uuid[]) and status = 'active'`);
    }
    await writeAuditEntries(tx, actor, suspended.map((r) => ({ action: 'customer.suspended', entityType: 'customer', entityId: r.id, customerId: r.id, details: { grace_days: config.dunning.graceDays, before: { status: 'active' }, after: { status: 'suspended' }, reason: `unpaid more than ${config.dunning.graceDays} days past due` } })));
  });

  // 4. settled since → active again
  await db.transaction(async (tx) => {
    const suspended = await selectRows<{ id: string }>(tx, sql`select id from customers where status = 'suspended'`);
    summary.reactivated = await reactivateIfSettled(tx, suspended.map((r) => r.id), ctx);
  });

  // 5. paying by card or debit, an invoice open, and no payment method on file: ask for one, once per invoice
  if (stripe) {
    await db.transaction(async (tx) => {
      const missing = await selectRows<{ invoice_id: string; customer_id: string; email: string; number: string }>(
        tx,
        sql`select i.id as invoice_id, c.id as customer_id, c.email, i.number
              from invoices i join customers c on c.id = i.customer_id
             where i.status = 'open' and c.payment_method in ('card', 'direct_debit')
               and not exists (select 1 from payment_methods m where m.customer_id = c.id and m.detached_at is null)`,
      );
      // asked once per invoice: the request's email (its dedupe key) is the record of having asked
      const keys = missing.map((r) => `payment_method_required:${r.customer_id}:${r.invoice_id}`);
      const asked = keys.length ? await selectRows<{ dedupe_key: string }>(tx, sql`select dedupe_key from notification_outbox where dedupe_key = any(${`{${keys.join(',')}}`}::text[])`) : [];
      const already = new Set(asked.map((r) => r.dedupe_key));
      const toAsk = missing.filter((_, i) => !already.has(keys[i]!));
      summary.asked_for_payment_method = toAsk.length;
      await writeAuditEntries(tx, actor, toAsk.map((r) => ({ action: 'customer.payment_method_requested', entityType: 'customer', entityId: r.customer_id, customerId: r.customer_id, details: { invoice_id: r.invoice_id, number: r.number } })));
    });
  }
  return summary;
}
