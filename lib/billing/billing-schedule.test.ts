import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billingAnchor, endsWithPeriod, periodHolding, periodStartingAt, periodsToOpen, type BillingSchedule } from './billing-schedule';
import { calendarPeriodContaining, type PlanInterval } from './periods';
import { DAY_MS } from '@/lib/time/utc-day';

const utc = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const range = (p: { start: Date; end: Date }) => `${iso(p.start).slice(0, 10)}..${iso(p.end).slice(0, 10)}`;
const NO_CANCEL = { cancelAtPeriodEnd: false, canceledAt: null };

const monthly = (anchor: string, alignment: 'anniversary' | 'calendar' = 'anniversary', trialEnd: string | null = null): BillingSchedule => ({
  interval: 'month',
  intervalCount: 1,
  alignment,
  anchor: utc(anchor),
  trialEnd: trialEnd ? utc(trialEnd) : null,
});

describe('calendarPeriodContaining', () => {
  it('starts weeks on Monday 00:00 UTC, whatever day it is', () => {
    // 2026-11-30 is a Monday
    for (const at of ['2026-11-30T00:00:00Z', '2026-12-02T13:00:00Z', '2026-12-06T23:59:59.999Z']) {
      expect(range(calendarPeriodContaining('week', utc(at)))).toBe('2026-11-30..2026-12-07');
    }
    expect(range(calendarPeriodContaining('week', utc('2026-12-07T00:00:00Z')))).toBe('2026-12-07..2026-12-14');
    // a week across the year end
    expect(range(calendarPeriodContaining('week', utc('2027-01-01T08:00:00Z')))).toBe('2026-12-28..2027-01-04');
  });

  it('starts months on the 1st, across short months and leap years', () => {
    expect(range(calendarPeriodContaining('month', utc('2028-02-29T12:00:00Z')))).toBe('2028-02-01..2028-03-01');
    expect(range(calendarPeriodContaining('month', utc('2027-02-28T23:59:59.999Z')))).toBe('2027-02-01..2027-03-01');
    expect(range(calendarPeriodContaining('month', utc('2026-12-31T23:00:00Z')))).toBe('2026-12-01..2027-01-01');
  });

  it('starts quarters on Jan, Apr, Jul and Oct 1, and years on Jan 1', () => {
    expect(range(calendarPeriodContaining('quarter', utc('2026-11-15T00:00:00Z')))).toBe('2026-10-01..2027-01-01');
    expect(range(calendarPeriodContaining('quarter', utc('2027-03-31T23:59:59Z')))).toBe('2027-01-01..2027-04-01');
    expect(range(calendarPeriodContaining('year', utc('2028-02-29T00:00:00Z')))).toBe('2028-01-01..2029-01-01');
    expect(range(calendarPeriodContaining('day', utc('2028-02-29T18:00:00Z')))).toBe('2028-02-29..2028-03-01');
  });

  it('tiles time: every instant lies in exactly one period, which starts on a boundary', () => {
    const intervals: PlanInterval[] = ['day', 'week', 'month', 'quarter', 'year'];
    fc.assert(
      fc.property(fc.constantFrom(...intervals), fc.date({ min: utc('1990-01-01T00:00:00Z'), max: utc('2200-01-01T00:00:00Z'), noInvalidDate: true }), (interval, at) => {
        const period = calendarPeriodContaining(interval, at);
        expect(period.start <= at && at < period.end).toBe(true);
        expect(iso(period.start).slice(11)).toBe('00:00:00.000Z');
        // the next period starts where this one ends
        expect(calendarPeriodContaining(interval, period.end).start.getTime()).toBe(period.end.getTime());
        expect(calendarPeriodContaining(interval, new Date(period.end.getTime() - 1)).start.getTime()).toBe(period.start.getTime());
        if (interval === 'week') expect(period.start.getUTCDay()).toBe(1);
        if (interval !== 'day' && interval !== 'week') expect(period.start.getUTCDate()).toBe(1);
      }),
    );
  });
});

describe('periodStartingAt', () => {
  it('runs a calendar plan started mid-month to the 1st, prorated against the whole month', () => {
    const period = periodStartingAt(monthly('2026-11-15T09:30:00Z', 'calendar'), utc('2026-11-15T09:30:00Z'));
    expect(iso(period.end)).toBe('2026-12-01T00:00:00.000Z');
    expect(period.cycle && range(period.cycle)).toBe('2026-11-01..2026-12-01');
    // the next one is a whole month
    expect(periodStartingAt(monthly('2026-11-15T09:30:00Z', 'calendar'), period.end)).toMatchObject({ cycle: null, end: utc('2027-01-01T00:00:00Z') });
  });

  it('bills Vigint weekly every Monday: a Wednesday start runs to Monday', () => {
    const schedule: BillingSchedule = { interval: 'week', intervalCount: 1, alignment: 'calendar', anchor: utc('2026-12-02T10:00:00Z'), trialEnd: null };
    const first = periodStartingAt(schedule, utc('2026-12-02T10:00:00Z'));
    expect(iso(first.end)).toBe('2026-12-07T00:00:00.000Z');
    expect(first.cycle && range(first.cycle)).toBe('2026-11-30..2026-12-07');
  });

  it('starts with the trial and follows it with the schedule', () => {
    const schedule = monthly('2026-11-15T00:00:00Z', 'calendar', '2026-11-29T00:00:00Z');
    expect(periodStartingAt(schedule, utc('2026-11-15T00:00:00Z'))).toMatchObject({ trial: true, end: utc('2026-11-29T00:00:00Z'), cycle: null });
    const after = periodStartingAt(schedule, utc('2026-11-29T00:00:00Z'));
    expect(after).toMatchObject({ trial: false, end: utc('2026-12-01T00:00:00Z') });
    expect(after.cycle && range(after.cycle)).toBe('2026-11-01..2026-12-01');
  });

  it('counts anniversary periods from the anchor, back to the 31st after February', () => {
    const schedule = monthly('2027-01-31T00:00:00Z');
    const ends = periodsToOpen(schedule, utc('2027-01-31T00:00:00Z'), utc('2027-05-15T00:00:00Z'), NO_CANCEL).map((p) => iso(p.end).slice(0, 10));
    expect(ends).toEqual(['2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
  });

  it('takes the anchor from a plan change, else the trial end, else the start', () => {
    const start = utc('2026-01-01T00:00:00Z');
    expect(billingAnchor({ billingAnchor: null, trialEnd: null, startDate: start })).toEqual(start);
    expect(billingAnchor({ billingAnchor: null, trialEnd: utc('2026-01-15T00:00:00Z'), startDate: start })).toEqual(utc('2026-01-15T00:00:00Z'));
    expect(billingAnchor({ billingAnchor: utc('2026-03-03T00:00:00Z'), trialEnd: utc('2026-01-15T00:00:00Z'), startDate: start })).toEqual(utc('2026-03-03T00:00:00Z'));
  });
});

describe('periodsToOpen', () => {
  it('opens every period up to the one holding now after a late run, and none while the last one runs', () => {
    const schedule: BillingSchedule = { interval: 'week', intervalCount: 1, alignment: 'anniversary', anchor: utc('2026-11-02T00:00:00Z'), trialEnd: null };
    // the last stored period ended Nov 9; the run comes on Nov 30 (an end instant belongs to the next period)
    const opened = periodsToOpen(schedule, utc('2026-11-09T00:00:00Z'), utc('2026-11-30T00:00:00Z'), NO_CANCEL);
    expect(opened.map(range)).toEqual(['2026-11-09..2026-11-16', '2026-11-16..2026-11-23', '2026-11-23..2026-11-30', '2026-11-30..2026-12-07']);
    expect(periodsToOpen(schedule, utc('2026-12-07T00:00:00Z'), utc('2026-12-06T23:59:59Z'), NO_CANCEL)).toEqual([]);
  });

  it('ends a subscription with the period that holds the moment the cancellation was set, never earlier', () => {
    const schedule = monthly('2026-09-10T00:00:00Z');
    // set on Oct 20, after the stored period [Sep 10, Oct 10) ended and before the run opened the next
    const cancellation = { cancelAtPeriodEnd: true, canceledAt: utc('2026-10-20T00:00:00Z') };
    expect(endsWithPeriod(cancellation, utc('2026-10-10T00:00:00Z'))).toBe(false);
    expect(endsWithPeriod(cancellation, utc('2026-11-10T00:00:00Z'))).toBe(true);
    const opened = periodsToOpen(schedule, utc('2026-10-10T00:00:00Z'), utc('2026-12-25T00:00:00Z'), cancellation);
    expect(opened.map(range)).toEqual(['2026-10-10..2026-11-10']);
    // set exactly at a boundary: the period starting then holds it
    expect(endsWithPeriod({ cancelAtPeriodEnd: true, canceledAt: utc('2026-11-10T00:00:00Z') }, utc('2026-11-10T00:00:00Z'))).toBe(false);
    expect(endsWithPeriod({ cancelAtPeriodEnd: false, canceledAt: null }, utc('2026-11-10T00:00:00Z'))).toBe(false);
  });

  it('shows the period holding now when the stored one has ended, and the last one after the end', () => {
    const subscription = { billingAnchor: null, trialEnd: utc('2026-09-24T00:00:00Z'), startDate: utc('2026-09-10T00:00:00Z') };
    const schedule: BillingSchedule = { interval: 'month', intervalCount: 1, alignment: 'anniversary', anchor: billingAnchor(subscription), trialEnd: subscription.trialEnd };
    // after the trial, periods count from the trial's end, not the start
    const held = periodHolding(schedule, { start: utc('2026-09-10T00:00:00Z'), end: utc('2026-09-24T00:00:00Z'), trial: true }, utc('2026-11-30T00:00:00Z'), NO_CANCEL);
    expect(range(held)).toBe('2026-11-24..2026-12-24');
    const last = { start: utc('2026-10-24T00:00:00Z'), end: utc('2026-11-24T00:00:00Z') };
    expect(range(periodHolding(schedule, last, utc('2026-11-30T00:00:00Z'), { cancelAtPeriodEnd: true, canceledAt: utc('2026-11-01T00:00:00Z') }))).toBe('2026-10-24..2026-11-24');
  });

  it('chains periods without gaps or overlaps for any schedule and any late run', () => {
    const intervals: PlanInterval[] = ['day', 'week', 'month', 'quarter', 'year'];
    fc.assert(
      fc.property(
        fc.constantFrom(...intervals),
        fc.constantFrom<'anniversary' | 'calendar'>('anniversary', 'calendar'),
        fc.date({ min: utc('2020-01-01T00:00:00Z'), max: utc('2030-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 400 * DAY_MS }),
        (interval, alignment, start, lateBy) => {
          const schedule: BillingSchedule = { interval, intervalCount: 1, alignment, anchor: start, trialEnd: null };
          const first = periodStartingAt(schedule, start);
          const now = new Date(first.end.getTime() + lateBy);
          const opened = periodsToOpen(schedule, first.end, now, NO_CANCEL);
          let end = first.end;
          for (const p of opened) {
            expect(p.start.getTime()).toBe(end.getTime());
            expect(p.end > p.start).toBe(true);
            expect(p.cycle).toBeNull();
            end = p.end;
          }
          expect(end > now).toBe(true);
          expect(opened.at(-1)!.start <= now).toBe(true);
        },
      ),
    );
  });
});
