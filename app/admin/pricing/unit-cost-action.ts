'use server';
// Sets or clears a metric's unit cost from the pricing page, through the same domain function as
// PATCH /api/admin/billing/metrics/[code] (the same validation, the same audit entry). A viewer may
// look but not change it: the action refuses them whatever the page shows.
import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import { actingAdmin, VIEW_ONLY_MESSAGE } from '@/lib/admin-overview/require-admin';
import { updateMetric } from '@/lib/catalog/update-metric';
import { BillingError } from '@/lib/errors/billing-error';

export type UnitCostState = { status: 'idle' | 'done' | 'error'; message?: string; fieldErrors?: { unit_cost?: string; unit_cost_currency?: string } };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

export async function setUnitCostAction(_previous: UnitCostState, form: FormData): Promise<UnitCostState> {
  const admin = await actingAdmin('/admin/pricing');
  if (!admin) return { status: 'error', message: VIEW_ONLY_MESSAGE };
  const { scope, actor } = admin;
  const cost = text(form, 'unit_cost');
  const currency = text(form, 'unit_cost_currency');
  // an empty cost clears it (and its currency): the metric's margins become unknown again
  const patch = cost === '' ? { unit_cost: null } : { unit_cost: cost, ...(currency ? { unit_cost_currency: currency } : {}) };
  try {
    await updateMetric(scope.database.db, text(form, 'metric'), patch, { actor, defaultCurrency: scope.config.defaultCurrency });
  } catch (error) {
    const fieldErrors: NonNullable<UnitCostState['fieldErrors']> = {};
    const details = error instanceof ZodError ? error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message })) : error instanceof BillingError ? error.details : null;
    if (!details) throw error;
    for (const d of details) if (d.field === 'unit_cost' || d.field === 'unit_cost_currency') fieldErrors[d.field] ??= d.message;
    return { status: 'error', message: error instanceof BillingError && !Object.keys(fieldErrors).length ? error.message : 'Check the fields marked below.', fieldErrors };
  }
  revalidatePath('/admin/pricing');
  revalidatePath('/admin');
  return { status: 'done', message: cost === '' ? 'Unit cost cleared.' : 'Unit cost saved.' };
}
