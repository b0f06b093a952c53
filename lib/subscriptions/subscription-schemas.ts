// Input shapes for subscriptions (API.md's "Customers and subscriptions (admin)").
import { z } from 'zod';
import { planCodeSchema } from '@/lib/catalog/catalog-schemas';
import { SUBSCRIPTION_STATUSES } from '@/lib/db/schema';

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

/** "2026-10-01" (midnight UTC, as API.md reads date-only values) or a date-time with a zone. */
const startDate = z
  .string()
  .refine((v) => isoDate.safeParse(v).success || isoDateTime.safeParse(v).success, 'must be an ISO 8601 date ("2026-10-01") or a date-time with a zone');

/** The instant a validated start_date names. */
export function parseStartDate(value: string): Date {
  return new Date(isoDate.safeParse(value).success ? `${value}T00:00:00Z` : value);
}

// strict bodies: an unknown field is refused by name, never ignored
export const createSubscriptionSchema = z.strictObject({
  customer_id: z.uuid({ message: 'must be a customer id (uuid)' }),
  plan_code: planCodeSchema,
  // in the past when importing a customer: every period that has ended is then billable
  start_date: startDate.optional(),
  // the plan's trial when left out; 0 for none
  trial_days: z.number().int().min(0).max(730).optional(),
});
export type CreateSubscriptionInput = z.input<typeof createSubscriptionSchema>;

export const updateSubscriptionSchema = z.strictObject({ cancel_at_period_end: z.boolean() });
export type UpdateSubscriptionInput = z.input<typeof updateSubscriptionSchema>;

/** PATCH /api/admin/billing/subscriptions/[id]: cancel or resume, or move to another plan now. */
export const patchSubscriptionSchema = z
  .strictObject({ cancel_at_period_end: z.boolean().optional(), plan_code: planCodeSchema.optional() })
  .refine((p) => (p.cancel_at_period_end === undefined) !== (p.plan_code === undefined), {
    message: 'give either cancel_at_period_end or plan_code',
    path: ['plan_code'],
  });

export const listSubscriptionsQuery = z.object({
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  customer_id: z.uuid({ message: 'must be a customer id (uuid)' }).optional(),
  plan_code: planCodeSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  starting_after: z.uuid({ message: 'must be a subscription id from the previous page' }).optional(),
});
export type ListSubscriptionsQuery = z.output<typeof listSubscriptionsQuery>;

/** The portal's plan change (/billing/subscription): the plan to move to, now. */
export const ownPlanChangeSchema = z.strictObject({ plan_code: planCodeSchema });
export type OwnPlanChangeInput = z.input<typeof ownPlanChangeSchema>;
