import { describe, expect, it } from 'vitest';
import { defaultReportRange, monthsOf, reportRangeQuery } from './report-query';

// Pure: each `now` below is an input, never the clock.
describe('report ranges', () => {
  it('defaults to the last 12 months: the 1st of the month eleven months back to today', () => {
    expect(defaultReportRange(new Date('2027-03-15T22:00:00Z'))).toEqual({ from: '2026-04-01', to: '2027-03-15' });
    expect(defaultReportRange(new Date('2028-12-31T23:59:59Z'))).toEqual({ from: '2028-01-01', to: '2028-12-31' });
    const range = reportRangeQuery.parse(defaultReportRange(new Date('2027-03-15T22:00:00Z'))).range;
    expect(monthsOf(range)).toHaveLength(12);
  });

  it('cuts the first and last month to the range, February by its real length', () => {
    expect(monthsOf({ from: '2028-01-15', to: '2028-03-10' })).toEqual([
      { month: '2028-01', from: '2028-01-15', to: '2028-01-31' },
      { month: '2028-02', from: '2028-02-01', to: '2028-02-29' },
      { month: '2028-03', from: '2028-03-01', to: '2028-03-10' },
    ]);
    expect(monthsOf({ from: '2027-12-31', to: '2027-12-31' })).toEqual([{ month: '2027-12', from: '2027-12-31', to: '2027-12-31' }]);
  });
});
