// Input shapes for billable metrics and plans (API.md's catalog), shared by the admin API, the
// setup route and the demo seed. Every body is a strict object, nested ones too: an unknown field is
// refused by name (422, "unknown field"), so a typo is never silently ignored.
import { z } from 'zod';
import { isIsoCurrency } from '@/lib/billing/iso-codes';
import { decimalString } from '@/lib/billing/money';
import { AGGREGATIONS, BILLING_ALIGNMENTS, CHARGE_MODELS, PLAN_INTERVALS } from '@/lib/db/schema';

const decimal = (what: string) =>
  z.string().regex(/^\d{1,18}(\.\d{1,6})?$/, `${what} must be a non-negative decimal string with at most 6 decimals`);
const code = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lowercase letters, digits and underscores');
/** A metric's code as the API makes it; anything else names no metric (the metric page answers 404). */
export const metricCodeSchema = code;

// What one unit costs the operator (the margins report multiplies billed units by it): more decimals
// than a price, since a model's token can cost 0.0000005.
const unitCost = z.string().regex(/^\d{1,18}(\.\d{1,10})?$/, 'must be a non-negative decimal string with at most 10 decimals');
/** A currency names what a unit cost is in; without a cost it means nothing, so it is refused alone. */
const currencyNeedsCost = (m: { unit_cost?: string | null; unit_cost_currency?: string }) => m.unit_cost_currency === undefined || (m.unit_cost !== undefined && m.unit_cost !== null);
const currencyNeedsCostIssue = { message: 'give unit_cost with it (a currency without a cost means nothing)', path: ['unit_cost_currency'] };

export const metricInputSchema = z
  .strictObject({
    code,
    name: z.string().trim().min(1).max(200),
    unit: z.string().trim().min(1).max(50),
    aggregation: z.enum(AGGREGATIONS),
    property: code.optional(),
    dimensions: z.array(code).max(5).default([]),
    description: z.string().max(1000).optional(),
    /** in unit_cost_currency, the workspace's default currency when left out */
    unit_cost: unitCost.optional(),
    unit_cost_currency: z.lazy(() => currencySchema).optional(),
  })
  .refine((m) => m.aggregation !== 'unique_count' || m.property, {
    message: 'unique_count needs the property whose distinct values are counted',
    path: ['property'],
  })
  .refine(currencyNeedsCost, currencyNeedsCostIssue);
export type MetricInput = z.input<typeof metricInputSchema>;

/**
 * A PATCH of a metric: what it is called and what a unit costs. The code, aggregation, property and
 * dimensions stay: usage already recorded and invoices already issued were counted by them.
 * `unit_cost: null` clears the cost and its currency; a new cost without a currency keeps the one set
 * before (the workspace's default if there was none); a currency alone re-labels the cost already set.
 */
export const metricPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    unit: z.string().trim().min(1).max(50),
    description: z.string().max(1000).nullable(),
    unit_cost: unitCost.nullable(),
    unit_cost_currency: z.lazy(() => currencySchema),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'name at least one field to change' });
export type MetricPatch = z.input<typeof metricPatchSchema>;

export const tierSchema = z.strictObject({
  up_to: decimal('up_to').nullable(),
  unit_price: decimal('unit_price'),
  flat_amount: decimal('flat_amount').optional(),
});

export const chargeInputSchema = z.strictObject({
  metric: code.nullable(),
  model: z.enum(CHARGE_MODELS),
  description: z.string().trim().min(1).max(200).optional(),
  amount: decimal('amount').optional(),
  unit_price: decimal('unit_price').optional(),
  package_size: decimal('package_size').optional(),
  included_units: decimal('included_units').optional(),
  tiers: z.array(tierSchema).min(1).max(20).optional(),
  filters: z.record(code, z.string().min(1).max(100)).optional(),
});
export type ChargeInput = z.input<typeof chargeInputSchema>;

/** An ISO 4217 code in any case, stored lowercase ('EUR' → 'eur'). */
export const currencySchema = z
  .string()
  .refine(isIsoCurrency, 'must be an ISO 4217 currency code')
  .transform((c) => c.toLowerCase());

export const planCodeSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, dashes and underscores');

const planFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(1000).optional(),
  currency: currencySchema,
  interval: z.enum(PLAN_INTERVALS),
  interval_count: z.number().int().min(1).max(366),
  trial_days: z.number().int().min(0).max(730),
  // anniversary: periods count from the subscription's start; calendar: from the 1st of the month
  // (quarter, year) or Monday, the first one prorated
  billing_alignment: z.enum(BILLING_ALIGNMENTS),
  // flat fees invoiced when each period starts; usage when it ends
  pay_in_advance: z.boolean(),
  charges: z.array(chargeInputSchema).max(50),
};

/** A calendar period is one whole calendar unit: "the 1st of every second month" is not one. */
const calendarIsOneUnit = (p: { billing_alignment?: string; interval_count?: number }) => p.billing_alignment !== 'calendar' || (p.interval_count ?? 1) === 1;
const calendarIsOneUnitIssue = { message: 'calendar billing takes an interval_count of 1 (a week, month, quarter or year)', path: ['billing_alignment'] };

export const planInputSchema = z.strictObject({
  code: planCodeSchema,
  ...planFields,
  interval_count: planFields.interval_count.default(1),
  trial_days: planFields.trial_days.default(0),
  billing_alignment: planFields.billing_alignment.default('anniversary'),
  pay_in_advance: planFields.pay_in_advance.default(false),
}).refine(calendarIsOneUnit, calendarIsOneUnitIssue);
export type PlanInput = z.input<typeof planInputSchema>;
export type ValidPlanInput = z.output<typeof planInputSchema>;

/**
 * A PATCH of a plan: any of its fields; what is left out is copied from the current version, and
 * `charges`, when given, replaces them all. The code is the plan's identity and cannot change.
 */
export const planPatchSchema = z
  .strictObject({
    code: planCodeSchema.optional(),
    ...planFields,
    description: planFields.description.nullable(),
  })
  .partial()
  .refine((p) => Object.keys(p).some((key) => key !== 'code'), { message: 'name at least one field to change' });
export type PlanPatch = z.input<typeof planPatchSchema>;

/** GET /api/admin/billing/plans and …/plans/[code]: older versions are listed only when asked for. */
export const plansQuery = z.object({ include_versions: z.enum(['true', 'false']).optional() });

/** A billable metric as the API shows it. */
export function toMetricView(m: {
  id: string;
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  property: string | null;
  dimensions: string[];
  description: string | null;
  unitCost: string | null;
  unitCostCurrency: string | null;
  archivedAt: Date | null;
  createdAt: Date;
}) {
  return {
    id: m.id,
    code: m.code,
    name: m.name,
    unit: m.unit,
    aggregation: m.aggregation,
    property: m.property,
    dimensions: m.dimensions,
    description: m.description,
    unit_cost: m.unitCost === null ? null : decimalString(m.unitCost),
    unit_cost_currency: m.unitCostCurrency,
    archived: m.archivedAt !== null,
    created: m.createdAt.toISOString(),
  };
}
