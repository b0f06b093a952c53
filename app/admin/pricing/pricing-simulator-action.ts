'use server';
// The pricing simulator's Server Action: the plan and the proposed charges (JSON, as the API takes them)
// from the form, run through the same domain function as POST /api/admin/billing/simulations, so the
// same checks refuse the same charges. It writes nothing (a READ ONLY transaction), so a viewer may run
// it as they may call the route. Every error comes back with its field path for the form to show inline.
import { z, ZodError } from 'zod';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { BillingError, type ErrorDetail } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import type { SimulationInput } from '@/lib/pricing/pricing-schemas';
import { simulatePricing, type PricingSimulation } from '@/lib/pricing/simulate-pricing';

export type SimulatorState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  /** each problem with the field it is about: 'plan_code', 'charges', 'charges.0.unit_price' */
  errors?: { field: string; message: string }[];
  result?: PricingSimulation;
  /** the plan the result is for (the form may have moved on to another) */
  planCode?: string;
};

// the API's body limit is 1 MB; fifty charges of twenty tiers fit in far less
const formSchema = z.strictObject({
  plan_code: z.string().trim().min(1, 'choose a plan'),
  charges: z.string().trim().min(1, 'give the proposed charges as a JSON array').max(200_000, 'the charges are too long'),
});

const asErrors = (details: ErrorDetail[]) => details.map((d) => ({ field: d.field ?? 'form', message: d.message }));

export async function simulatePricingAction(_previous: SimulatorState, form: FormData): Promise<SimulatorState> {
  const scope = await requireAdminWorkspace('/admin/pricing');
  const fields = formSchema.safeParse({ plan_code: form.get('plan_code') ?? '', charges: form.get('charges') ?? '' });
  if (!fields.success) return { status: 'error', message: 'Check the fields marked below.', errors: asErrors(zodDetails(fields.error)) };
  let charges: unknown;
  try {
    charges = JSON.parse(fields.data.charges);
  } catch (error) {
    return { status: 'error', message: 'Check the fields marked below.', errors: [{ field: 'charges', message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  try {
    // the JSON is whatever was typed: simulatePricing parses it with the API's own schema
    const result = await simulatePricing(scope.database.db, { plan_code: fields.data.plan_code, charges } as SimulationInput);
    return { status: 'done', result, planCode: fields.data.plan_code };
  } catch (error) {
    if (error instanceof ZodError) return { status: 'error', message: 'Check the fields marked below.', errors: asErrors(zodDetails(error)) };
    if (error instanceof BillingError) return { status: 'error', message: error.message, errors: asErrors(error.details) };
    throw error;
  }
}
