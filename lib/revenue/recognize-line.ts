// Revenue recognition of one amount over its service period (API.md, "Compliance and finance"): one
// equal share per UTC day the period touches, in the currency's minor units. Pure: no clock, no I/O.
//
// Rounding, written down once: an amount of A minor units over n days gives every day ⌊|A| / n⌋ and
// the first |A| mod n days one minor unit more (the largest-remainder method, whose remainders all tie,
// broken by date), with A's sign. So the shares always add up to A exactly, no two days differ by more
// than one minor unit, and a reversal of the same amount over the same days cancels every day exactly.
// $100.01 over 7 days: 10001 = 7 × 1428 + 5, so five days of $14.29 then two of $14.28.
//
// Credit notes: creditNoteReversal below states how a credited part of a line is reversed.
//
// Days: a period [start, end) is recognized on every UTC day from the day of `start` to the day of its
// last instant (lib/time/utc-day's lastUtcDayOfPeriod), a part-day included as a whole day. A period of
// no length (or none at all) is recognized on the one day of `start`.
import type Decimal from 'decimal.js';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { minorUnitDigits, toMinorUnits, type Currency } from '@/lib/billing/money';
import { DAY_MS, utcDay } from '@/lib/time/utc-day';

/** Whole UTC days as numbers: days since 1970-01-01, so ranges are arithmetic. */
export type DayNumber = number;

export const dayNumber = (at: Date | number): DayNumber => Math.floor(new Date(at).getTime() / DAY_MS);
export const dayOfNumber = (day: DayNumber): string => utcDay(day * DAY_MS);
export const dayNumberOf = (day: string): DayNumber => dayNumber(new Date(`${day}T00:00:00Z`));

/** An amount spread over the days [firstDay, lastDay] (both included), in minor units. */
export type Recognition = { minor: bigint; firstDay: DayNumber; lastDay: DayNumber };

/** The days a service period covers: its first UTC day to the day of its last instant. */
export function serviceDays(start: Date, end: Date | null): { firstDay: DayNumber; lastDay: DayNumber } {
  const firstDay = dayNumber(start);
  if (!end || end.getTime() <= start.getTime()) return { firstDay, lastDay: firstDay };
  return { firstDay, lastDay: dayNumber(end.getTime() - 1) };
}

/** Major units as an exact count of minor units; an amount finer than the minor unit is refused. */
export function minorUnitsOf(amount: Decimal.Value, currency: Currency): bigint {
  const minor = toMinorUnits(amount, currency);
  if (!minor.isInteger()) throw new RangeError(`${String(amount)} has more decimals than ${currency} allows (${minorUnitDigits(currency)})`);
  return BigInt(minor.toFixed(0));
}

/** The line to recognize: an amount in major units over [start, end). */
export function recognizeLine(line: { amount: Decimal.Value; currency: Currency; start: Date; end: Date | null }): Recognition {
  return { minor: minorUnitsOf(line.amount, line.currency), ...serviceDays(line.start, line.end) };
}

/** The share of one day, by the rule above (0 outside the days). */
export function dailyShare(r: Recognition, day: DayNumber): bigint {
  if (day < r.firstDay || day > r.lastDay) return 0n;
  const n = BigInt(r.lastDay - r.firstDay + 1);
  const magnitude = r.minor < 0 ? -r.minor : r.minor;
  const base = magnitude / n;
  const extra = BigInt(day - r.firstDay) < magnitude % n ? 1n : 0n;
  return r.minor < 0 ? -(base + extra) : base + extra;
}

/** The sum of the shares of the days [from, to] (both included), in closed form: no loop over days. */
function sumOfShares(r: Recognition, from: DayNumber, to: DayNumber): bigint {
  const lo = Math.max(from, r.firstDay);
  const hi = Math.min(to, r.lastDay);
  if (hi < lo) return 0n;
  const n = BigInt(r.lastDay - r.firstDay + 1);
  const magnitude = r.minor < 0 ? -r.minor : r.minor;
  const base = magnitude / n;
  const remainder = magnitude % n;
  // the days with one more are the first `remainder` ones: indices [0, remainder)
  const i0 = BigInt(lo - r.firstDay);
  const i1 = BigInt(hi - r.firstDay); // inclusive
  const extraDays = i1 < remainder ? i1 - i0 + 1n : i0 < remainder ? remainder - i0 : 0n;
  const total = base * (i1 - i0 + 1n) + extraDays;
  return r.minor < 0 ? -total : total;
}

/** What is recognized on the days [from, to] (both included), in minor units. */
export function recognizedBetween(r: Recognition, from: DayNumber, to: DayNumber): bigint {
  return to < from ? 0n : sumOfShares(r, from, to);
}

/** Every day's share in order: what the tests and the docs' examples check. */
export function dailyShares(r: Recognition): { day: string; minor: bigint }[] {
  const days: { day: string; minor: bigint }[] = [];
  for (let d = r.firstDay; d <= r.lastDay; d++) days.push({ day: dayOfNumber(d), minor: dailyShare(r, d) });
  return days;
}

/**
 * Splits `total` minor units over `weights` (the credited invoice's line amounts) in proportion, by the
 * largest-remainder method: each part is ⌊total × w / W⌋, and the parts short of `total` go one each to
 * the largest fractional parts (ties: the earlier line). Exact for any signs; all zero weights: nothing
 * to weigh by, so everything goes to the first line.
 */
export function allocateProportionally(total: bigint, weights: bigint[]): bigint[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const floorDiv = (a: bigint, b: bigint) => {
    const q = a / b;
    return (a % b !== 0n && (a < 0) !== (b < 0)) ? q - 1n : q;
  };
  const parts = weights.map((w) => {
    const numerator = total * w;
    const floor = floorDiv(numerator, sum);
    // the fractional part as a non-negative numerator over |sum|, comparable across lines
    const fraction = numerator - floor * sum;
    return { floor, fraction: sum < 0 ? -fraction : fraction };
  });
  let short = total - parts.reduce((a, p) => a + p.floor, 0n);
  const order = parts.map((p, i) => ({ i, fraction: p.fraction })).sort((a, b) => (a.fraction === b.fraction ? a.i - b.i : a.fraction > b.fraction ? -1 : 1));
  const result = parts.map((p) => p.floor);
  for (const { i } of order) {
    if (short <= 0n) break;
    result[i]! += 1n;
    short -= 1n;
  }
  return result;
}

const FAR_FUTURE: DayNumber = Number.MAX_SAFE_INTEGER;
const magnitude = (v: bigint) => (v < 0n ? -v : v);

/**
 * A credit note's reversal of its part of one credited line (`creditedMinor`, in the line's sign), as
 * one or two recognitions. The part is reversed over the line's days still to come, from the note's
 * day (included) to the line's last day, in equal daily shares, but at most what the line has still to
 * earn there (`earlier`: the reversals of notes written before on the same line count against it).
 * What is more than that (a credit of days already earned) is reversed at once, on the note's day.
 *
 * So a month already reported never changes; a credit of the unused rest of a fee (a plan change)
 * leaves the line earning nothing after the note; a partial credit lowers each day still to come; a note
 * written before the service starts lowers every day, one written after it ends reverses everything on
 * its day; and what is still deferred never goes below zero.
 */
export function creditNoteReversal(creditedLine: Recognition, earlier: Recognition[], creditedMinor: bigint, writtenAt: Date): Recognition[] {
  const noteDay = dayNumber(writtenAt);
  const from = Math.max(noteDay, creditedLine.firstDay);
  const stillToEarn = from > creditedLine.lastDay ? 0n : [creditedLine, ...earlier].reduce((sum, r) => sum + recognizedBetween(r, from, FAR_FUTURE), 0n);
  const sameSign = (stillToEarn > 0n && creditedMinor > 0n) || (stillToEarn < 0n && creditedMinor < 0n);
  const spread = sameSign ? (magnitude(creditedMinor) <= magnitude(stillToEarn) ? creditedMinor : stillToEarn) : 0n;
  const atOnce = creditedMinor - spread;
  const reversals: Recognition[] = [];
  if (spread !== 0n) reversals.push({ minor: -spread, firstDay: from, lastDay: creditedLine.lastDay });
  if (atOnce !== 0n) reversals.push({ minor: -atOnce, firstDay: noteDay, lastDay: noteDay });
  return reversals;
}

/** Minor units back to the API's money string. */
export function minorMoneyString(minor: bigint, currency: Currency): string {
  return new ExactDecimal(minor.toString()).div(new ExactDecimal(10).pow(minorUnitDigits(currency))).toFixed(minorUnitDigits(currency));
}
