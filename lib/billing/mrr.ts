// Monthly recurring revenue of one subscription: its flat fees normalised to a month. Usage charges
// are left out, as Stripe and most SaaS metrics do, because they are not recurring commitments.
import type Decimal from 'decimal.js';
import { ExactDecimal } from './exact-decimal';
import type { PlanInterval } from './periods';

const MONTHS_PER_INTERVAL: Record<PlanInterval, Decimal> = {
  day: new ExactDecimal(12).div(365), // a day is 12/365 of a month: 365 days a year over 12 months
  week: new ExactDecimal(12).div(52),
  month: new ExactDecimal(1),
  quarter: new ExactDecimal(3),
  year: new ExactDecimal(12),
};

/** Unrounded: callers sum many subscriptions and round the total once. */
export function monthlyRecurringAmount(flatAmountPerPeriod: Decimal.Value, interval: PlanInterval, intervalCount: number): Decimal {
  return new ExactDecimal(flatAmountPerPeriod).div(MONTHS_PER_INTERVAL[interval].times(intervalCount));
}
