// Monthly recurring revenue of one subscription: its flat fees normalised to a month. Usage charges
// are left out, as Stripe and most SaaS metrics do, because they are not recurring commitments.
import Decimal from 'decimal.js';
import type { PlanInterval } from './periods';

const MONTHS_PER_INTERVAL: Record<PlanInterval, Decimal> = {
  day: new Decimal(12).div(365), // a day is 12/365 of a month: 365 days a year over 12 months
  week: new Decimal(12).div(52),
  month: new Decimal(1),
  quarter: new Decimal(3),
  year: new Decimal(12),
};

/** Unrounded: callers sum many subscriptions and round the total once. */
export function monthlyRecurringAmount(flatAmountPerPeriod: Decimal.Value, interval: PlanInterval, intervalCount: number): Decimal {
  return new Decimal(flatAmountPerPeriod).div(MONTHS_PER_INTERVAL[interval].times(intervalCount));
}
