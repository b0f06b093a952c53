// How a metric's events become one quantity for a period, per aggregation type. Pure: the database
// hands over partial aggregates per (metric, dimension), from daily rollups and from raw events at the
// edges of a period that does not start or end at midnight, and this combines them.
import type Decimal from 'decimal.js';
import { decimalString } from '@/lib/billing/money';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { DAY_MS, startOfUtcDay, utcDay } from '@/lib/time/utc-day';
import { dimensionMatches } from './dimension-key';

export type Aggregation = 'sum' | 'count' | 'max' | 'unique_count' | 'latest';

/** What a set of events of one metric and dimension key adds up to (one rollup row, or several merged). */
export type UsagePartial = {
  dimension: string;
  quantitySum: string;
  eventCount: number;
  quantityMax: string | null;
  latestQuantity: string | null;
  latestAt: Date | null;
};

/**
 * The period's quantity of a metric for a charge's filters:
 * - sum: the quantities added; count: the number of events;
 * - max: the largest single quantity reported;
 * - latest (a gauge: seats, licenses, GB stored): the last value reported in the period, per dimension
 *   combination, added across combinations, so 3 basic and 5 professional licenses are 8 licenses. A
 *   gauge not reported during the period counts 0, as Lago and Stripe do: report gauges at least daily.
 * unique_count is not combinable from partials (distinct values do not add up) and is counted in SQL.
 */
export function combinePartials(aggregation: Exclude<Aggregation, 'unique_count'>, partials: UsagePartial[], filters?: Record<string, string>): string {
  const matching = partials.filter((p) => dimensionMatches(p.dimension, filters));
  let result: Decimal = new ExactDecimal(0);
  for (const partial of matching) {
    switch (aggregation) {
      case 'sum':
        result = result.plus(partial.quantitySum);
        break;
      case 'count':
        result = result.plus(partial.eventCount);
        break;
      case 'max':
        if (partial.quantityMax !== null && result.lt(partial.quantityMax)) result = new ExactDecimal(partial.quantityMax);
        break;
      case 'latest':
        if (partial.latestQuantity !== null) result = result.plus(partial.latestQuantity);
        break;
    }
  }
  return decimalString(result);
}

/**
 * Splits a half-open range into whole UTC days (read from rollups) and the partial days at either end
 * (read from raw events). A period from 2026-10-15T12:00Z to 2026-11-15T12:00Z is two half days of
 * events plus 30 days of rollups.
 */
export function splitRange(from: Date, to: Date): { days: { from: string; to: string } | null; edges: { from: Date; to: Date }[] } {
  if (to <= from) return { days: null, edges: [] };
  const firstMidnight = new Date(Math.ceil(from.getTime() / DAY_MS) * DAY_MS);
  const lastMidnight = startOfUtcDay(to);
  if (firstMidnight >= lastMidnight) return { days: null, edges: [{ from, to }] };
  const edges: { from: Date; to: Date }[] = [];
  if (from < firstMidnight) edges.push({ from, to: firstMidnight });
  if (lastMidnight < to) edges.push({ from: lastMidnight, to });
  return { days: { from: utcDay(firstMidnight), to: utcDay(lastMidnight) }, edges };
}
