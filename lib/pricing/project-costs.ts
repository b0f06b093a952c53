// The Billing Engine's CostProjector (API.md's POST /api/admin/billing/projections): before a price is
// committed to, what a month of expected calls costs the operator, brings in and leaves as profit, and
// whether that margin is enough for the kind of service. Pure: no database, no clock.
//
// The rules where the contract is silent, as the Billing Engine's own projector does them:
// - cost = calls × cost per call; revenue = calls / 1,000 × price per 1,000; profit = revenue − cost.
// - margin = profit / revenue × 100, rounded half-up (ties away from zero, negatives too) to 2 decimals.
//   No revenue (0 calls or a price of 0) has no margin to divide out: it is "0.00", and so "Unprofitable".
// - The recommendation compares that rounded margin, so the verdict never disagrees with the figure
//   shown beside it (49.995% shows as 50.00% and is Viable for an API service).
// - Money is computed exactly and each amount is rounded half-up once, to the currency's minor unit;
//   profit is the rounded revenue less the rounded cost, so the three printed figures always add up.
//   The margin is computed from the exact amounts.
import Decimal from 'decimal.js';
import { z } from 'zod';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import { moneyString, roundMoney, type Currency } from '@/lib/billing/money';

export const SERVICE_TYPES = ['api', 'custom_code', 'data_processing'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** The margin each kind of service should clear: compute resold (api), time (custom code), both. */
export const TARGET_MARGIN_PERCENT: Record<ServiceType, string> = { api: '50', custom_code: '70', data_processing: '60' };

export const RECOMMENDATIONS = ['Viable', 'Thin margins', 'Unprofitable'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

// a billion calls a second for a month is past any real projection; the cap keeps the arithmetic small
export const MAX_CALLS_PER_MONTH = 1_000_000_000_000;

// Money as decimal strings, like every price in the catalog: a JSON number such as 0.1 is already a
// binary approximation by the time it is parsed. Up to 10 decimals: a model's token costs $0.0000005.
const money = (field: string) =>
  z
    .string({ error: `${field} must be a decimal string, such as "0.002"` })
    .regex(/^\d{1,18}(\.\d{1,10})?$/, `${field} must be a non-negative decimal string with at most 10 decimals`);

// A count of calls: a whole number, as a JSON integer or a string of digits (usage events take both).
const WHOLE_CALLS = 'must be a whole number of calls, such as 50000';
const calls = z
  .union([z.number(), z.string()], { error: WHOLE_CALLS })
  .transform(String)
  .pipe(
    z
      .string()
      .refine((s) => !s.startsWith('-'), { message: 'must not be negative', abort: true })
      .regex(/^\d{1,13}$/, { message: WHOLE_CALLS, abort: true })
      .refine((s) => Number(s) <= MAX_CALLS_PER_MONTH, `must be at most ${MAX_CALLS_PER_MONTH}`),
  );

export const projectionInputSchema = z.strictObject({
  expected_calls_per_month: calls,
  api_cost_per_call: money('api_cost_per_call'),
  proposed_price_per_1k: money('proposed_price_per_1k'),
  service_type: z.enum(SERVICE_TYPES, { error: `must be one of ${SERVICE_TYPES.join(', ')}` }).default('api'),
});
export type ProjectionInput = z.input<typeof projectionInputSchema>;

export type CostProjection = {
  calls_per_month: string;
  monthly_cost: string;
  monthly_revenue: string;
  monthly_profit: string;
  /** 2 decimals, half-up; "0.00" when there is no revenue */
  margin_percent: string;
  target_margin_percent: string;
  recommendation: Recommendation;
  /** the currency the amounts are rounded in (the workspace's default) */
  currency: Currency;
  service_type: ServiceType;
};

/** A percentage as the API writes it: exactly 2 decimals, half-up. */
export function percentString(value: Decimal.Value): string {
  return new ExactDecimal(value).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

/** Viable at or above the target, thin above 0, else unprofitable (the Billing Engine's rule of thumb). */
export function recommend(marginPercent: string, targetPercent: string): Recommendation {
  const margin = new ExactDecimal(marginPercent);
  if (margin.greaterThanOrEqualTo(targetPercent)) return 'Viable';
  if (margin.greaterThan(0)) return 'Thin margins';
  return 'Unprofitable';
}

/** One month's projection; `input` is validated here too (a ZodError names the field). */
export function projectCosts(input: ProjectionInput, currency: Currency): CostProjection {
  const parsed = projectionInputSchema.parse(input);
  const callCount = new ExactDecimal(String(parsed.expected_calls_per_month));
  const cost = callCount.times(parsed.api_cost_per_call);
  const revenue = callCount.div(1000).times(parsed.proposed_price_per_1k);
  const exactProfit = revenue.minus(cost);
  const margin = revenue.isZero() ? new ExactDecimal(0) : exactProfit.div(revenue).times(100);
  const marginPercent = percentString(margin);
  const target = TARGET_MARGIN_PERCENT[parsed.service_type];
  return {
    calls_per_month: callCount.toFixed(0),
    monthly_cost: moneyString(cost, currency),
    monthly_revenue: moneyString(revenue, currency),
    monthly_profit: moneyString(roundMoney(revenue, currency).minus(roundMoney(cost, currency)), currency),
    margin_percent: marginPercent,
    target_margin_percent: percentString(target),
    recommendation: recommend(marginPercent, target),
    currency,
    service_type: parsed.service_type,
  };
}
