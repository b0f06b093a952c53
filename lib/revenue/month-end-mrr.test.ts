import { describe, expect, it } from 'vitest';
import { mergePeriods, monthEndMrr, planAt, trendMonths, type PlanFee, type SubscriptionHistory } from './month-end-mrr';

const d = (iso: string) => new Date(iso);
const NOW = d('2026-06-15T12:00:00Z');

const PLANS: PlanFee[] = [
  { id: 'basic-1', code: 'basic', currency: 'usd', interval: 'month', intervalCount: 1, flatPerPeriod: '100' },
  { id: 'basic-2', code: 'basic', currency: 'usd', interval: 'month', intervalCount: 1, flatPerPeriod: '120' },
  { id: 'pro', code: 'pro', currency: 'usd', interval: 'month', intervalCount: 1, flatPerPeriod: '300' },
  { id: 'annual', code: 'annual', currency: 'usd', interval: 'year', intervalCount: 1, flatPerPeriod: '1000' }, // 83.333… a month
  { id: 'euro', code: 'euro', currency: 'eur', interval: 'month', intervalCount: 1, flatPerPeriod: '50' },
];

const sub = (over: Partial<SubscriptionHistory>): SubscriptionHistory => ({ startDate: d('2026-01-01T00:00:00Z'), trialEnd: null, endedAt: null, planId: 'basic-1', segments: [], ...over });
const seg = (planId: string, from: string, to: string, trial = false) => ({ planId, from: d(from), to: d(to), trial });

describe('trendMonths', () => {
  it('ends with the month holding now, taken at now, and takes the others at their last millisecond', () => {
    const months = trendMonths(NOW, 12);
    expect(months).toHaveLength(12);
    expect(months[0]).toEqual({ month: '2025-07', at: d('2025-07-31T23:59:59.999Z'), toDate: false });
    expect(months[10]).toEqual({ month: '2026-05', at: d('2026-05-31T23:59:59.999Z'), toDate: false });
    expect(months[11]).toEqual({ month: '2026-06', at: NOW, toDate: true });
  });

  it('crosses a year and handles February', () => {
    const months = trendMonths(d('2027-03-01T00:00:00Z'), 3);
    expect(months.map((m) => m.month)).toEqual(['2027-01', '2027-02', '2027-03']);
    expect(months[1]!.at).toEqual(d('2027-02-28T23:59:59.999Z'));
  });
});

describe('mergePeriods', () => {
  it('joins consecutive periods on one plan version, in order, and keeps A → B → A three stretches', () => {
    const periods = [
      seg('basic-1', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'),
      seg('basic-1', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'),
      seg('basic-1', '2026-02-01T00:00:00Z', '2026-02-14T00:00:00Z'),
      seg('pro', '2026-02-14T00:00:00Z', '2026-03-01T00:00:00Z'),
    ];
    expect(mergePeriods(periods)).toEqual([
      seg('basic-1', '2026-01-01T00:00:00Z', '2026-02-14T00:00:00Z'),
      seg('pro', '2026-02-14T00:00:00Z', '2026-03-01T00:00:00Z'),
      seg('basic-1', '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z'),
    ]);
  });

  it('keeps a trial apart from the paid periods on the same plan', () => {
    expect(mergePeriods([seg('basic-1', '2026-01-01T00:00:00Z', '2026-01-15T00:00:00Z', true), seg('basic-1', '2026-01-15T00:00:00Z', '2026-02-15T00:00:00Z')])).toHaveLength(2);
  });
});

describe('planAt', () => {
  const upgraded = sub({ planId: 'pro', segments: [seg('basic-1', '2026-01-01T00:00:00Z', '2026-03-15T00:00:00Z'), seg('pro', '2026-03-15T00:00:00Z', '2026-04-01T00:00:00Z')] });

  it('names the plan of the billing period holding the instant, a half-open [from, to)', () => {
    expect(planAt(upgraded, d('2026-03-14T23:59:59.999Z'))).toEqual({ planId: 'basic-1', trial: false });
    expect(planAt(upgraded, d('2026-03-15T00:00:00Z'))).toEqual({ planId: 'pro', trial: false });
  });

  it('past the last period keeps the last plan billed, and with no periods uses the plan of today', () => {
    expect(planAt(upgraded, d('2026-05-10T00:00:00Z'))).toEqual({ planId: 'pro', trial: false });
    expect(planAt(sub({ planId: 'pro' }), d('2026-02-01T00:00:00Z'))).toEqual({ planId: 'pro', trial: false });
  });

  it('is null before the start and from the end on', () => {
    const ended = sub({ startDate: d('2026-02-10T00:00:00Z'), endedAt: d('2026-04-01T00:00:00Z') });
    expect(planAt(ended, d('2026-02-09T23:59:59.999Z'))).toBeNull();
    expect(planAt(ended, d('2026-03-31T23:59:59.999Z'))).toEqual({ planId: 'basic-1', trial: false });
    expect(planAt(ended, d('2026-04-01T00:00:00Z'))).toBeNull();
  });

  it('reads a trial from its period, else from trial_end', () => {
    expect(planAt(sub({ segments: [seg('basic-1', '2026-01-01T00:00:00Z', '2026-01-15T00:00:00Z', true)] }), d('2026-01-10T00:00:00Z'))).toEqual({ planId: 'basic-1', trial: true });
    expect(planAt(sub({ trialEnd: d('2026-02-01T00:00:00Z') }), d('2026-01-31T00:00:00Z'))).toEqual({ planId: 'basic-1', trial: true });
    expect(planAt(sub({ trialEnd: d('2026-02-01T00:00:00Z') }), d('2026-02-01T00:00:00Z'))).toEqual({ planId: 'basic-1', trial: false });
  });
});

describe('monthEndMrr', () => {
  const months = trendMonths(NOW, 6); // 2026-01 … 2026-06

  it('follows a mid-month upgrade and a mid-month cancel month by month, per currency', () => {
    const subscriptions = [
      // basic from January, upgraded to pro on March 15: $100 in Jan and Feb, $300 from March
      sub({ planId: 'pro', segments: [seg('basic-1', '2026-01-01T00:00:00Z', '2026-03-15T00:00:00Z'), seg('pro', '2026-03-15T00:00:00Z', '2026-07-01T00:00:00Z')] }),
      // basic from January, canceled on April 20: counted to March, not at the end of April
      sub({ endedAt: d('2026-04-20T00:00:00Z'), segments: [seg('basic-1', '2026-01-01T00:00:00Z', '2026-04-20T00:00:00Z')] }),
      // euro from February 10
      sub({ startDate: d('2026-02-10T00:00:00Z'), planId: 'euro' }),
    ];
    expect(monthEndMrr(subscriptions, PLANS, months, 'usd')).toEqual([
      {
        currency: 'usd',
        points: [
          { month: '2026-01', mrr: '200.00' },
          { month: '2026-02', mrr: '200.00' },
          { month: '2026-03', mrr: '400.00' },
          { month: '2026-04', mrr: '300.00' },
          { month: '2026-05', mrr: '300.00' },
          { month: '2026-06', mrr: '300.00' },
        ],
      },
      {
        currency: 'eur',
        points: [
          { month: '2026-01', mrr: '0.00' },
          { month: '2026-02', mrr: '50.00' },
          { month: '2026-03', mrr: '50.00' },
          { month: '2026-04', mrr: '50.00' },
          { month: '2026-05', mrr: '50.00' },
          { month: '2026-06', mrr: '50.00' },
        ],
      },
    ]);
  });

  it('counts a subscription ending at midnight on the 1st in the month before, and one starting then in its own month', () => {
    const subscriptions = [sub({ endedAt: d('2026-03-01T00:00:00Z') }), sub({ startDate: d('2026-03-01T00:00:00Z'), planId: 'pro' })];
    const usd = monthEndMrr(subscriptions, PLANS, months, 'usd')[0]!;
    expect(usd.points.slice(0, 3)).toEqual([
      { month: '2026-01', mrr: '100.00' },
      { month: '2026-02', mrr: '100.00' },
      { month: '2026-03', mrr: '300.00' },
    ]);
  });

  it('prices each month at the plan version billed then, and sums a plan’s versions before rounding once', () => {
    const subscriptions = [
      sub({ segments: [seg('basic-1', '2026-01-01T00:00:00Z', '2026-07-01T00:00:00Z')] }),
      sub({ startDate: d('2026-04-05T00:00:00Z'), planId: 'basic-2' }),
      // three annual plans at 1000 / 12 each: 250.00 exactly once summed, not 3 × 83.33 = 249.99
      sub({ planId: 'annual' }),
      sub({ planId: 'annual' }),
      sub({ planId: 'annual' }),
    ];
    const usd = monthEndMrr(subscriptions, PLANS, months, 'usd')[0]!;
    expect(usd.points.map((p) => p.mrr)).toEqual(['350.00', '350.00', '350.00', '470.00', '470.00', '470.00']);
  });

  it('leaves trials out until they end, and gives every currency a series even with nothing in it', () => {
    const trial = sub({ startDate: d('2026-05-20T00:00:00Z'), trialEnd: d('2026-06-03T00:00:00Z') });
    const series = monthEndMrr([trial], PLANS, months, 'eur');
    expect(series.map((s) => s.currency)).toEqual(['eur', 'usd']);
    expect(series[1]!.points.map((p) => p.mrr)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00', '100.00']);
    expect(series[0]!.points.every((p) => p.mrr === '0.00')).toBe(true);
  });
});
