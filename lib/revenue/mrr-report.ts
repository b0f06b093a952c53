import 'server-only';
// GET /api/admin/billing/reports/mrr?from=&to=: MRR movements per currency and month, derived from
// subscription history (lib/revenue/mrr-movements.ts says how). The history is the billing periods:
// each records the plan version it billed, a plan change cuts the period at the change, a cancellation
// ends the subscription with its last period (ended_at). Months that have not started by `now` are left
// out; the month holding `now` ends at `now`; a currency without any MRR in the range is left out.
import { sql } from 'drizzle-orm';
import { monthlyRecurringAmount } from '@/lib/billing/mrr';
import type { PlanInterval } from '@/lib/billing/periods';
import { selectRows, type Queryable } from '@/lib/db/client';
import { addUtcDays, parseUtcDay, utcDay } from '@/lib/time/utc-day';
import { mrrMovements, type MrrMonth, type Segment, type SubscriptionTimeline } from './mrr-movements';
import { monthsOf, type ReportRange } from './report-query';

export const MRR_COLUMNS = ['currency', 'month', 'from', 'to', 'starting', 'new', 'expansion', 'contraction', 'churned', 'reactivation', 'ending', 'churn_rate', 'net_revenue_retention', 'customers_starting', 'customers_ending'] as const satisfies readonly (keyof MrrMonth)[];

const MONEY_FIELDS = ['starting', 'new', 'expansion', 'contraction', 'churned', 'reactivation', 'ending'] as const;

export type MrrReport = { from: string; to: string; data: MrrMonth[] };

type SubscriptionRow = {
  id: string;
  customer_id: string;
  plan_id: string;
  status: string;
  current_period_start: string | Date;
  current_period_end: string | Date;
  trial_end: string | Date | null;
  cancel_at_period_end: boolean;
  ended_at: string | Date | null;
  canceled_at: string | Date | null;
};
type PeriodRow = { subscription_id: string; plan_id: string; period_start: string | Date; period_end: string | Date; is_trial: boolean };
type PlanRow = { id: string; currency: string; interval: PlanInterval; interval_count: number; flat: string };

const ms = (value: string | Date) => new Date(value).getTime();

/** One subscription's segments: its periods, then (while it runs on) its current plan, cut at its end. */
export function timelineOf(subscription: SubscriptionRow, periods: PeriodRow[], plans: Map<string, PlanRow>): SubscriptionTimeline | null {
  const plan = plans.get(subscription.plan_id);
  if (!plan) return null;
  const monthly = (planId: string) => {
    const p = plans.get(planId);
    return p ? monthlyRecurringAmount(p.flat, p.interval, p.interval_count) : monthlyRecurringAmount(0, 'month', 1);
  };
  const segments: Segment[] = periods
    .map((p) => ({ start: ms(p.period_start), end: ms(p.period_end), monthly: monthly(p.plan_id), trial: p.is_trial }))
    .sort((a, b) => a.start - b.start);
  // ended: nothing after its end (a Stripe subscription may end inside a period)
  const endedAt = subscription.ended_at ? ms(subscription.ended_at) : subscription.status === 'canceled' && subscription.canceled_at ? ms(subscription.canceled_at) : null;
  if (endedAt === null && subscription.status !== 'canceled') {
    // the periods not yet opened (the billing run opens them) continue on the current plan, until the
    // end of the current period when it is set to cancel then
    const from = segments.length ? segments.at(-1)!.end : ms(subscription.current_period_start);
    const until = subscription.cancel_at_period_end ? ms(subscription.current_period_end) : Number.MAX_SAFE_INTEGER;
    const trialEnd = subscription.trial_end ? ms(subscription.trial_end) : null;
    if (trialEnd !== null && trialEnd > from) segments.push({ start: from, end: Math.min(trialEnd, until), monthly: monthly(subscription.plan_id), trial: true });
    const paidFrom = trialEnd !== null && trialEnd > from ? trialEnd : from;
    if (paidFrom < until) segments.push({ start: paidFrom, end: until, monthly: monthly(subscription.plan_id), trial: false });
  }
  const cut = endedAt ?? Number.MAX_SAFE_INTEGER;
  return {
    customerId: subscription.customer_id,
    currency: plan.currency,
    segments: segments.filter((s) => s.start < cut).map((s) => ({ ...s, end: Math.min(s.end, cut) })),
  };
}

export async function loadTimelines(db: Queryable, before: Date): Promise<SubscriptionTimeline[]> {
  // every subscription that had begun by the range's end; earlier history decides new vs reactivation
  const subscriptions = await selectRows<SubscriptionRow>(
    db,
    sql`select id, customer_id, plan_id, status, current_period_start, current_period_end, trial_end, cancel_at_period_end, ended_at, canceled_at
          from subscriptions where status <> 'incomplete' and start_date < ${before}`,
  );
  const periods = await selectRows<PeriodRow>(
    db,
    sql`select p.subscription_id, p.plan_id, p.period_start, p.period_end, p.is_trial
          from billing_periods p join subscriptions s on s.id = p.subscription_id
         where s.status <> 'incomplete' and s.start_date < ${before} and p.period_start < ${before}`,
  );
  const plans = await selectRows<PlanRow>(
    db,
    sql`select p.id, p.currency, p.interval, p.interval_count,
               coalesce((select sum(c.amount) from plan_charges c where c.plan_id = p.id and c.model = 'flat'), 0)::text as flat
          from plans p`,
  );
  const planMap = new Map(plans.map((p) => [p.id, p]));
  const periodsOf = new Map<string, PeriodRow[]>();
  for (const p of periods) periodsOf.set(p.subscription_id, [...(periodsOf.get(p.subscription_id) ?? []), p]);
  return subscriptions.flatMap((s) => timelineOf(s, periodsOf.get(s.id) ?? [], planMap) ?? []);
}

export async function getMrrReport(db: Queryable, range: ReportRange, now: Date): Promise<MrrReport> {
  const timelines = await loadTimelines(db, range.end);
  const data: MrrMonth[] = [];
  for (const month of monthsOf(range)) {
    const startMs = parseUtcDay(month.from).getTime();
    if (startMs >= now.getTime()) break;
    const endMs = Math.min(addUtcDays(parseUtcDay(month.to), 1).getTime(), now.getTime());
    data.push(...mrrMovements(timelines, { ...month, to: utcDay(endMs - 1), startMs, endMs }));
  }
  // a currency whose subscriptions never had MRR in the range (usage-only plans, trials) has nothing to say
  const moving = new Set(data.filter((r) => MONEY_FIELDS.some((f) => !/^[0.]+$/.test(r[f]))).map((r) => r.currency));
  data.splice(0, data.length, ...data.filter((r) => moving.has(r.currency)));
  // per currency, months in order (as the revenue report lists them)
  data.sort((a, b) => (a.currency === b.currency ? a.month.localeCompare(b.month) : a.currency.localeCompare(b.currency)));
  return { from: range.from, to: range.to, data };
}
