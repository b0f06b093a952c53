// Rolling subscriptions over on time: open every period up to the one holding `now`, and end the
// subscriptions whose last period has ended. Billing a period and opening the next are separate, so a
// late billing run never leaves a customer without a current period: a plan change, a cancellation or
// usage in the gap between a period's end and the run lands in the period that holds it. The billing
// run rolls over the subscriptions it bills; a plan change, a cancellation and a new subscription roll
// theirs over first. Which periods follow is the pure schedule (lib/billing/billing-schedule.ts).
import { sql } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { billingAnchor, endsWithPeriod, periodsToOpen, type BillingAlignment, type BillingSchedule, type CancellationState, type ScheduledPeriod } from '@/lib/billing/billing-schedule';
import type { PlanInterval } from '@/lib/billing/periods';
import { selectRows, type Queryable } from '@/lib/db/client';
import { billingPeriods } from '@/lib/db/schema';

const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** A period just opened; `advanceFees` is 'pending' when its flat fees are to be invoiced now it has started. */
export type OpenedPeriod = {
  id: string;
  subscriptionId: string;
  customerId: string;
  planId: string;
  start: Date;
  end: Date;
  cycle: { start: Date; end: Date } | null;
  trial: boolean;
  advanceFees: 'pending' | null;
};

/** What a subscription row says about its schedule and its end, as raw SQL reads it. */
export type ScheduleColumns = {
  start_date: Date;
  trial_end: Date | null;
  billing_anchor: Date | null;
  cancel_at_period_end: boolean;
  canceled_at: Date | null;
  stripe_subscription_id: string | null;
};

type SubscriptionRow = ScheduleColumns & { id: string; customer_id: string; plan_id: string; status: string; last_end: Date };

/** The current version of a plan, which new periods bill on, and how it schedules them. */
export type SchedulingPlan = {
  id: string;
  interval: PlanInterval;
  interval_count: number;
  billing_alignment: BillingAlignment;
  pay_in_advance: boolean;
  has_flat_fees: boolean;
};

const SCHEDULING_COLUMNS = sql`cur.id, cur.interval, cur.interval_count, cur.billing_alignment, cur.pay_in_advance,
  exists (select 1 from plan_charges c where c.plan_id = cur.id and c.model = 'flat') as has_flat_fees`;

/** For each plan version id, the current version of its plan (a plan change never touches what was issued). */
export async function currentPlanVersions(tx: Queryable, planIds: string[]): Promise<Map<string, SchedulingPlan>> {
  if (planIds.length === 0) return new Map();
  const rows = await selectRows<SchedulingPlan & { old_id: string }>(
    tx,
    sql`select p1.id as old_id, ${SCHEDULING_COLUMNS}
          from plans p1
          join plans cur on cur.id = coalesce((select p2.id from plans p2 where p2.code = p1.code and p2.is_current), p1.id)
         where p1.id = any(${uuidArray([...new Set(planIds)])}::uuid[])`,
  );
  return new Map(rows.map(({ old_id, ...plan }) => [old_id, plan]));
}

/** How one plan version schedules and bills its periods. */
export async function loadSchedulingPlan(tx: Queryable, planId: string): Promise<SchedulingPlan> {
  const [plan] = await selectRows<SchedulingPlan>(tx, sql`select ${SCHEDULING_COLUMNS} from plans cur where cur.id = ${planId}`);
  if (!plan) throw new Error(`plan ${planId} not found`);
  return plan;
}

export function scheduleOf(plan: Pick<SchedulingPlan, 'interval' | 'interval_count' | 'billing_alignment'>, subscription: { billingAnchor: Date | null; trialEnd: Date | null; startDate: Date }): BillingSchedule {
  return {
    interval: plan.interval,
    intervalCount: plan.interval_count,
    alignment: plan.billing_alignment,
    anchor: billingAnchor(subscription),
    trialEnd: subscription.trialEnd,
  };
}

/** The schedule and the cancellation of a subscription read with raw SQL (timestamps may come back as strings). */
export function scheduleOfRow(plan: Pick<SchedulingPlan, 'interval' | 'interval_count' | 'billing_alignment'>, row: ScheduleColumns): { schedule: BillingSchedule; cancellation: CancellationState } {
  const date = (value: Date | null) => (value === null ? null : new Date(value));
  return {
    schedule: scheduleOf(plan, { billingAnchor: date(row.billing_anchor), trialEnd: date(row.trial_end), startDate: new Date(row.start_date) }),
    cancellation: { cancelAtPeriodEnd: row.cancel_at_period_end, canceledAt: date(row.canceled_at) },
  };
}

/** Whether a period of this plan has its flat fees invoiced when it starts. */
export function billsFeesInAdvance(plan: Pick<SchedulingPlan, 'pay_in_advance' | 'has_flat_fees'>, period: { trial: boolean }, stripeSubscriptionId: string | null): boolean {
  // a trial is not charged, and a Stripe subscription bills the fees itself
  return plan.pay_in_advance && plan.has_flat_fees && !period.trial && stripeSubscriptionId === null;
}

/**
 * Opens the missing periods of these subscriptions up to the one holding `now` and ends those whose last
 * period has ended. Locks the subscriptions (in id order, as every taker of these locks does). Idempotent:
 * a subscription whose current period still runs is left as it is.
 */
export async function rollOverSubscriptions(tx: Queryable, subscriptionIds: string[], { now, actor }: { now: Date; actor: Actor }): Promise<OpenedPeriod[]> {
  if (subscriptionIds.length === 0) return [];
  const subscriptions = await selectRows<SubscriptionRow>(
    tx,
    sql`select s.id, s.customer_id, s.plan_id, s.status, s.start_date, s.trial_end, s.billing_anchor, s.cancel_at_period_end,
               s.canceled_at, s.stripe_subscription_id,
               (select max(p.period_end) from billing_periods p where p.subscription_id = s.id) as last_end
          from subscriptions s
         where s.id = any(${uuidArray([...new Set(subscriptionIds)])}::uuid[]) and s.status <> 'canceled' and s.ended_at is null
         order by s.id
           for update of s`,
  );
  const due = subscriptions.filter((s) => s.last_end !== null && new Date(s.last_end) <= now);
  if (due.length === 0) return [];
  const plans = await currentPlanVersions(tx, due.map((s) => s.plan_id));

  const ended: { id: string; customer_id: string; status: string; ended_at: string; canceled_at: string }[] = [];
  const advanced: { id: string; plan_id: string; status: string; start: string; end_: string }[] = [];
  const toInsert: { subscription: SubscriptionRow; plan: SchedulingPlan; period: ScheduledPeriod }[] = [];
  for (const subscription of due) {
    const lastEnd = new Date(subscription.last_end);
    const plan = plans.get(subscription.plan_id)!;
    const { schedule, cancellation } = scheduleOfRow(plan, subscription);
    if (endsWithPeriod(cancellation, lastEnd)) {
      ended.push({ id: subscription.id, customer_id: subscription.customer_id, status: subscription.status, ended_at: lastEnd.toISOString(), canceled_at: (cancellation.canceledAt ?? lastEnd).toISOString() });
      continue;
    }
    const periods = periodsToOpen(schedule, lastEnd, now, cancellation);
    for (const period of periods) toInsert.push({ subscription, plan, period });
    const current = periods.at(-1)!;
    const status = current.trial ? 'trialing' : subscription.status === 'trialing' ? 'active' : subscription.status;
    advanced.push({ id: subscription.id, plan_id: plan.id, status, start: current.start.toISOString(), end_: current.end.toISOString() });
  }

  const opened: OpenedPeriod[] = [];
  if (toInsert.length) {
    const rows = await tx
      .insert(billingPeriods)
      .values(
        toInsert.map(({ subscription, plan, period }) => ({
          subscriptionId: subscription.id,
          customerId: subscription.customer_id,
          planId: plan.id,
          periodStart: period.start,
          periodEnd: period.end,
          isTrial: period.trial,
          cycleStart: period.cycle?.start ?? null,
          cycleEnd: period.cycle?.end ?? null,
          advanceFees: billsFeesInAdvance(plan, period, subscription.stripe_subscription_id) ? ('pending' as const) : null,
        })),
      )
      // the subscription row lock makes this the only opener; a period already there is kept as it is
      .onConflictDoNothing()
      .returning();
    for (const row of rows) {
      opened.push({
        id: row.id,
        subscriptionId: row.subscriptionId,
        customerId: row.customerId,
        planId: row.planId,
        start: row.periodStart,
        end: row.periodEnd,
        cycle: row.cycleStart && row.cycleEnd ? { start: row.cycleStart, end: row.cycleEnd } : null,
        trial: row.isTrial,
        advanceFees: row.advanceFees === 'pending' ? 'pending' : null,
      });
    }
  }
  if (advanced.length) {
    await tx.execute(sql`
      update subscriptions s
         set plan_id = u.plan_id, status = u.status, current_period_start = u.start, current_period_end = u.end_, updated_at = now()
        from json_to_recordset(${JSON.stringify(advanced)}::json) as u(id uuid, plan_id uuid, status text, start timestamptz, end_ timestamptz)
       where s.id = u.id`);
  }
  if (ended.length) {
    await tx.execute(sql`
      update subscriptions s
         set status = 'canceled', ended_at = u.ended_at, canceled_at = u.canceled_at, updated_at = now()
        from json_to_recordset(${JSON.stringify(ended)}::json) as u(id uuid, ended_at timestamptz, canceled_at timestamptz)
       where s.id = u.id`);
    await writeAuditEntries(
      tx,
      actor,
      ended.map((e) => ({ action: 'subscription.ended', entityType: 'subscription', entityId: e.id, customerId: e.customer_id, details: { ended_at: e.ended_at, canceled_at: e.canceled_at, before: { status: e.status }, after: { status: 'canceled' }, reason: 'cancelled at period end' } })),
    );
  }
  return opened;
}
