import { describe, expect, it } from 'vitest';
import { allocateProportionally, creditNoteReversal, dailyShare, dailyShares, dayNumberOf, minorMoneyString, recognizedBetween, recognizeLine, type Recognition } from './recognize-line';

// Pure functions: the dates below are inputs, never compared with the clock.
const LEAP_YEAR = 2028;
const COMMON_YEAR = 2027;
const at = (day: string) => new Date(`${day}T00:00:00Z`);
const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
const magnitudeOf = (v: bigint) => (v < 0n ? -v : v);
const monthStart = (year: number, month: number) => dayNumberOf(`${year}-${String(month).padStart(2, '0')}-01`);
const monthsOf = (r: Recognition, year: number) =>
  Array.from({ length: 12 }, (_, m) => recognizedBetween(r, monthStart(year, m + 1), (m === 11 ? dayNumberOf(`${year + 1}-01-01`) : monthStart(year, m + 2)) - 1));

describe('recognizeLine: a yearly $1,200 fee paid in advance', () => {
  for (const [year, days] of [[LEAP_YEAR, 366], [COMMON_YEAR, 365]] as const) {
    it(`is recognized day by day over ${days} days in ${year}, each month its days' share, summing to exactly $1,200.00`, () => {
      const fee = recognizeLine({ amount: '1200.00', currency: 'usd', start: at(`${year}-01-01`), end: at(`${year + 1}-01-01`) });
      const shares = dailyShares(fee);
      expect(shares).toHaveLength(days);
      expect(shares[0]!.day).toBe(`${year}-01-01`);
      expect(shares.at(-1)!.day).toBe(`${year}-12-31`);
      expect(sum(shares.map((s) => s.minor))).toBe(120000n);
      // 120000 cents over 366 days: 327 each, the first 318 days one more; over 365: 328 each, the first 280 one more
      const base = days === 366 ? 327n : 328n;
      const extraDays = days === 366 ? 318 : 280;
      expect(shares.filter((s) => s.minor === base + 1n)).toHaveLength(extraDays);
      expect(shares.filter((s) => s.minor === base)).toHaveLength(days - extraDays);
      expect(shares.slice(0, extraDays).every((s) => s.minor === base + 1n)).toBe(true);

      const months = monthsOf(fee, year);
      expect(sum(months)).toBe(120000n);
      // January: 31 days, all among the first days that carry the extra cent
      expect(minorMoneyString(months[0]!, 'usd')).toBe(days === 366 ? '101.68' : '101.99');
      // each month is its days' sum
      for (let m = 0; m < 12; m++) {
        const first = monthStart(year, m + 1);
        const last = (m === 11 ? dayNumberOf(`${year + 1}-01-01`) : monthStart(year, m + 2)) - 1;
        let daily = 0n;
        for (let d = first; d <= last; d++) daily += dailyShare(fee, d);
        expect(months[m]).toBe(daily);
      }
      // February has 29 days in the leap year, 28 otherwise, all at the base share or one more
      const february = months[1]!;
      expect(february >= base * BigInt(days === 366 ? 29 : 28)).toBe(true);
    });
  }

  it('defers what has not yet been earned: after 31 days of the leap year, the rest is still to come', () => {
    const fee = recognizeLine({ amount: '1200.00', currency: 'usd', start: at(`${LEAP_YEAR}-01-01`), end: at(`${LEAP_YEAR + 1}-01-01`) });
    const earned = recognizedBetween(fee, fee.firstDay, dayNumberOf(`${LEAP_YEAR}-01-31`));
    const deferred = recognizedBetween(fee, dayNumberOf(`${LEAP_YEAR}-02-01`), fee.lastDay);
    expect(earned + deferred).toBe(120000n);
    expect(minorMoneyString(deferred, 'usd')).toBe('1098.32');
  });
});

describe('recognizeLine: rounding never loses or creates a minor unit', () => {
  it('spreads $100.01 over 7 days as five days of $14.29 and two of $14.28', () => {
    const line = recognizeLine({ amount: '100.01', currency: 'usd', start: at('2027-03-01'), end: at('2027-03-08') });
    expect(dailyShares(line).map((s) => minorMoneyString(s.minor, 'usd'))).toEqual(['14.29', '14.29', '14.29', '14.29', '14.29', '14.28', '14.28']);
  });

  it('keeps every sum exact for awkward amounts, lengths and currencies, also negative', () => {
    const cases: [string, string, number][] = [
      ['0.01', 'usd', 30],
      ['0.00', 'usd', 10],
      ['-57.13', 'eur', 31],
      ['999999.99', 'usd', 366],
      ['1001', 'jpy', 3],
      ['10.005', 'kwd', 92],
      ['0.07', 'usd', 1],
    ];
    for (const [amount, currency, days] of cases) {
      const start = at('2027-01-01');
      const line = recognizeLine({ amount, currency, start, end: new Date(start.getTime() + days * 86_400_000) });
      const shares = dailyShares(line).map((s) => s.minor);
      expect(shares).toHaveLength(days);
      expect(sum(shares)).toBe(line.minor);
      const magnitudes = shares.map((s) => (s < 0n ? -s : s));
      const max = magnitudes.reduce((a, b) => (a > b ? a : b));
      const min = magnitudes.reduce((a, b) => (a < b ? a : b));
      expect(max - min <= 1n).toBe(true);
      // any split of the days adds up to the whole, as the month rows of a report must
      for (let cut = line.firstDay; cut <= line.lastDay; cut += 7) {
        expect(recognizedBetween(line, line.firstDay, cut) + recognizedBetween(line, cut + 1, line.lastDay)).toBe(line.minor);
      }
    }
  });

  it('recognizes a part-day as a day and a period without length on its first day', () => {
    const partDays = recognizeLine({ amount: '3.00', currency: 'usd', start: new Date('2027-05-10T18:00:00Z'), end: new Date('2027-05-12T06:00:00Z') });
    expect(dailyShares(partDays).map((s) => s.day)).toEqual(['2027-05-10', '2027-05-11', '2027-05-12']);
    const oneTime = recognizeLine({ amount: '42.00', currency: 'usd', start: new Date('2027-05-10T18:00:00Z'), end: null });
    expect(dailyShares(oneTime)).toEqual([{ day: '2027-05-10', minor: 4200n }]);
  });

  it('refuses an amount finer than the currency allows instead of rounding it away', () => {
    expect(() => recognizeLine({ amount: '1.005', currency: 'usd', start: at('2027-01-01'), end: at('2027-01-02') })).toThrow(RangeError);
  });
});

describe('creditNoteReversal', () => {
  const fee = recognizeLine({ amount: '1200.00', currency: 'usd', start: at(`${COMMON_YEAR}-01-01`), end: at(`${COMMON_YEAR + 1}-01-01`) });
  const FAR = fee.lastDay + 400;
  const on = (reversals: Recognition[], d: number) => reversals.reduce((a, r) => a + recognizedBetween(r, d, d), 0n);
  const total = (reversals: Recognition[]) => reversals.reduce((a, r) => a + recognizedBetween(r, r.firstDay, FAR), 0n);

  it('cancels every day exactly when the whole fee is credited before its service starts', () => {
    const reversals = creditNoteReversal(fee, [], 120000n, at(`${COMMON_YEAR - 1}-12-15`));
    expect(reversals).toHaveLength(1);
    for (let d = fee.firstDay; d <= fee.lastDay; d += 1) expect(dailyShare(fee, d) + on(reversals, d)).toBe(0n);
  });

  it('lowers the days still to come from the note day and leaves the months before as reported', () => {
    const reversals = creditNoteReversal(fee, [], 30000n, new Date(`${COMMON_YEAR}-04-10T15:30:00Z`));
    // Apr 10 to Dec 31 is 266 days: 30000 = 266 × 112 + 208, so the first 208 of them −113, the rest −112
    expect(reversals).toEqual([{ minor: -30000n, firstDay: dayNumberOf(`${COMMON_YEAR}-04-10`), lastDay: fee.lastDay }]);
    expect(recognizedBetween(reversals[0]!, monthStart(COMMON_YEAR, 1), monthStart(COMMON_YEAR, 4) + 8)).toBe(0n);
    expect(dailyShares(reversals[0]!).slice(0, 2).map((s) => s.minor)).toEqual([-113n, -113n]);
    expect(total(reversals)).toBe(-30000n);
    expect(recognizedBetween(fee, fee.firstDay, FAR) + total(reversals)).toBe(90000n);
  });

  it('credits the unused rest of a fee (a plan change) so that the line earns nothing after the note, within a cent a day', () => {
    const changeDay = dayNumberOf(`${COMMON_YEAR}-08-17`);
    const unused = recognizedBetween(fee, changeDay, fee.lastDay);
    const reversals = creditNoteReversal(fee, [], unused, at(`${COMMON_YEAR}-08-17`));
    for (let d = changeDay; d <= fee.lastDay; d += 1) expect(magnitudeOf(dailyShare(fee, d) + on(reversals, d)) <= 1n).toBe(true);
    expect(recognizedBetween(fee, changeDay, fee.lastDay) + total(reversals)).toBe(0n);
  });

  it('reverses at once what is more than the line has left to earn, so deferred never goes below zero', () => {
    // the whole fee credited on Nov 1: 20008 cents are still to be earned (61 days of 328), 99992 were earned
    const writtenAt = at(`${COMMON_YEAR}-11-01`);
    const noteDay = dayNumberOf(`${COMMON_YEAR}-11-01`);
    const reversals = creditNoteReversal(fee, [], 120000n, writtenAt);
    expect(reversals).toEqual([
      { minor: -20008n, firstDay: noteDay, lastDay: fee.lastDay },
      { minor: -99992n, firstDay: noteDay, lastDay: noteDay },
    ]);
    for (let d = noteDay + 1; d <= fee.lastDay; d += 1) expect(dailyShare(fee, d) + on(reversals, d)).toBe(0n);
    expect(recognizedBetween(fee, fee.firstDay, FAR) + total(reversals)).toBe(0n);
    // a second note on the same line finds nothing left to earn: all of it at once
    const second = creditNoteReversal(fee, reversals, 500n, at(`${COMMON_YEAR}-11-20`));
    expect(second).toEqual([{ minor: -500n, firstDay: dayNumberOf(`${COMMON_YEAR}-11-20`), lastDay: dayNumberOf(`${COMMON_YEAR}-11-20`) }]);
  });

  it('reverses everything on its day when written after the service ended', () => {
    const reversals = creditNoteReversal(fee, [], 120000n, at(`${COMMON_YEAR + 1}-02-03`));
    expect(reversals.flatMap(dailyShares)).toEqual([{ day: `${COMMON_YEAR + 1}-02-03`, minor: -120000n }]);
  });
});

describe('allocateProportionally', () => {
  it('splits a credit over the lines by their amounts, exactly, remainders to the largest fractions', () => {
    expect(allocateProportionally(1000n, [1n, 1n, 1n])).toEqual([334n, 333n, 333n]);
    expect(allocateProportionally(5000n, [120000n, 1850n])).toEqual([4924n, 76n]);
    expect(allocateProportionally(100n, [3n, -1n])).toEqual([150n, -50n]);
    expect(allocateProportionally(7n, [0n, 0n])).toEqual([7n, 0n]);
    for (const [total, weights] of [[9999n, [17n, 23n, 1n, 5000n]], [1n, [3n, 3n, 3n]], [12345n, [-200n, 700n, 31n]]] as const) {
      const parts = allocateProportionally(total, [...weights]);
      expect(sum(parts)).toBe(total);
    }
  });
});
