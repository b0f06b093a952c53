// Proration when a plan change splits a billing cycle. The rule: each part of the cycle bills its own
// plan's flat fees times its share of the cycle's time, to the millisecond (a change at noon on day 11
// of a 30-day cycle bills the old plan 10.5/30 of its fee); each line is rounded once, half-up, like
// every line. Usage is not prorated: each part bills the usage that happened in it, against its own
// plan's full included allowance.
import type Decimal from 'decimal.js';
import { DAY_MS } from '@/lib/time/utc-day';
import { ExactDecimal } from './exact-decimal';
import { decimalString, moneyString, type Currency } from './money';
import type { InvoiceLineDraft, RatedChargeInput } from './rating';

export type TimeRange = { start: Date; end: Date };

/** The part's share of the cycle, exact: (end − start) / (cycle end − cycle start). */
export function prorationFactor(part: TimeRange, cycle: TimeRange): Decimal {
  const cycleMs = cycle.end.getTime() - cycle.start.getTime();
  const partMs = part.end.getTime() - part.start.getTime();
  if (cycleMs <= 0 || partMs <= 0 || part.start < cycle.start || part.end > cycle.end) {
    throw new RangeError(`period ${part.start.toISOString()}–${part.end.toISOString()} is not inside cycle ${cycle.start.toISOString()}–${cycle.end.toISOString()}`);
  }
  return new ExactDecimal(partMs).div(cycleMs);
}

const days = (ms: number) => decimalString(new ExactDecimal(ms).div(DAY_MS).toDecimalPlaces(2));

/**
 * The rated lines with every flat fee scaled to the part's share of the cycle. Lines and charges
 * correspond one to one, as rateCharges makes them.
 */
export function prorateFlatLines(lines: InvoiceLineDraft[], charges: RatedChargeInput[], part: TimeRange, cycle: TimeRange, currency: Currency): InvoiceLineDraft[] {
  const factor = prorationFactor(part, cycle);
  const label = `prorated: ${days(part.end.getTime() - part.start.getTime())} of ${days(cycle.end.getTime() - cycle.start.getTime())} days`;
  return lines.map((line, i) => {
    const charge = charges[i]!;
    if (charge.model !== 'flat') return line;
    const amount = moneyString(new ExactDecimal(charge.amount ?? '0').times(factor), currency);
    return {
      ...line,
      description: `${line.description} (${label})`,
      quantity: '1',
      unit_price: amount,
      amount,
      details: {
        ...line.details,
        proration: {
          factor: decimalString(factor.toDecimalPlaces(10)),
          full_amount: decimalString(charge.amount ?? '0'),
          period_start: part.start.toISOString(),
          period_end: part.end.toISOString(),
          cycle_start: cycle.start.toISOString(),
          cycle_end: cycle.end.toISOString(),
        },
      },
    };
  });
}
