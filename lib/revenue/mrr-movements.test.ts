import { describe, expect, it } from 'vitest';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { mrrMovements, type SubscriptionTimeline } from './mrr-movements';
import { timelineOf } from './mrr-report';

// Pure: every instant below is an input, never compared with the clock.
const t = (iso: string) => new Date(`${iso}T00:00:00Z`).getTime();
const MONTH = { month: '2027-05', from: '2027-05-01', to: '2027-05-31', startMs: t('2027-05-01'), endMs: t('2027-06-01') };
const paid = (start: string, end: string, monthly: string) => ({ start: t(start), end: t(end), monthly: new ExactDecimal(monthly), trial: false });
const FOREVER = Number.MAX_SAFE_INTEGER;

describe('mrrMovements', () => {
  it('sorts each customer into one movement and keeps ending = starting + movements, with thirds rounded once per customer', () => {
    const timelines: SubscriptionTimeline[] = [
      // two subscriptions of one customer at a third of $100 each: $66.666… rounds once to $66.67
      { customerId: 'thirds', currency: 'usd', segments: [paid('2027-01-01', '2027-12-01', '33.333333')] },
      { customerId: 'thirds', currency: 'usd', segments: [paid('2027-01-01', '2027-12-01', '33.333333')] },
      { customerId: 'new', currency: 'usd', segments: [paid('2027-05-05', '2027-07-01', '10')] },
      { customerId: 'gone', currency: 'usd', segments: [paid('2027-01-01', '2027-05-20', '40')] },
      { customerId: 'back', currency: 'usd', segments: [paid('2027-01-01', '2027-03-01', '25'), paid('2027-05-20', '2027-09-01', '30')] },
      { customerId: 'up', currency: 'usd', segments: [paid('2027-01-01', '2027-05-10', '50'), paid('2027-05-10', '2027-09-01', '80')] },
      // started and ended inside the month: no movement at all
      { customerId: 'blip', currency: 'usd', segments: [paid('2027-05-03', '2027-05-09', '999')] },
      { customerId: 'trial', currency: 'usd', segments: [{ ...paid('2027-05-15', '2027-06-14', '300'), trial: true }] },
    ];
    const [usd] = mrrMovements(timelines, MONTH);
    expect(usd).toMatchObject({ starting: '156.67', new: '10.00', reactivation: '30.00', expansion: '30.00', contraction: '0.00', churned: '40.00', ending: '186.67' });
    // 40 / 156.67 and (156.67 + 30 − 40) / 156.67
    expect(usd).toMatchObject({ churn_rate: '0.2553', net_revenue_retention: '0.9362', customers_starting: 3, customers_ending: 4 });
  });
});

describe('timelineOf', () => {
  const plans = new Map([
    ['basic', { id: 'basic', currency: 'usd', interval: 'month' as const, interval_count: 1, flat: '100' }],
    ['annual', { id: 'annual', currency: 'usd', interval: 'year' as const, interval_count: 1, flat: '1200' }],
  ]);
  const subscription = { id: 's', customer_id: 'c', plan_id: 'basic', status: 'active', current_period_start: '2027-05-01T00:00:00Z', current_period_end: '2027-06-01T00:00:00Z', trial_end: null, cancel_at_period_end: false, ended_at: null, canceled_at: null };
  const period = (start: string, end: string, plan = 'basic', trial = false) => ({ subscription_id: 's', plan_id: plan, period_start: `${start}T00:00:00Z`, period_end: `${end}T00:00:00Z`, is_trial: trial });

  it('continues a running subscription on its current plan after its last period, until it ends', () => {
    const running = timelineOf(subscription, [period('2027-04-01', '2027-05-01', 'annual'), period('2027-05-01', '2027-06-01')], plans)!;
    expect(running.segments.map((s) => [s.start, s.end, s.monthly.toFixed(2)])).toEqual([
      [t('2027-04-01'), t('2027-05-01'), '100.00'],
      [t('2027-05-01'), t('2027-06-01'), '100.00'],
      [t('2027-06-01'), FOREVER, '100.00'],
    ]);
    const canceling = timelineOf({ ...subscription, cancel_at_period_end: true }, [period('2027-05-01', '2027-06-01')], plans)!;
    expect(canceling.segments.at(-1)!.end).toBe(t('2027-06-01'));
    const ended = timelineOf({ ...subscription, status: 'canceled', ended_at: '2027-05-20T00:00:00Z' }, [period('2027-05-01', '2027-06-01')], plans)!;
    expect(ended.segments.map((s) => [s.start, s.end])).toEqual([[t('2027-05-01'), t('2027-05-20')]]);
  });

  it('earns nothing before a trial ends, also where the billing run has not opened the periods yet', () => {
    const trialing = timelineOf({ ...subscription, status: 'trialing', trial_end: '2027-05-15T00:00:00Z', current_period_end: '2027-05-15T00:00:00Z' }, [period('2027-05-01', '2027-05-15', 'basic', true)], plans)!;
    expect(trialing.segments.map((s) => [s.start, s.end, s.trial])).toEqual([
      [t('2027-05-01'), t('2027-05-15'), true],
      [t('2027-05-15'), FOREVER, false],
    ]);
  });
});
