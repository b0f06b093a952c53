'use server';
// The retention form's change, through the same domain function as `PATCH /api/admin/billing/retention`:
// the same validation and audit entry, in the workspace the switcher chose. Viewers are refused here.
import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import { actingAdmin, VIEW_ONLY_MESSAGE } from '@/lib/admin-overview/require-admin';
import { zodDetails } from '@/lib/http/error-response';
import { RETENTION_FIELDS, updateRetentionSettings, type RetentionField } from '@/lib/privacy/retention-settings';


export type RetentionActionState = { status: 'idle' | 'done' | 'error'; message?: string; fieldErrors?: Partial<Record<RetentionField, string>>; values?: Partial<Record<RetentionField, string>> };

/** An empty field keeps that data forever; anything else must be a whole number of days (the schema says which). */
const daysOf = (value: string): number | null => (value === '' ? null : /^\d+$/.test(value) ? Number(value) : Number.NaN);

export async function updateRetentionAction(_previous: RetentionActionState, form: FormData): Promise<RetentionActionState> {
  const admin = await actingAdmin('/admin/settings');
  if (!admin) return { status: 'error', message: VIEW_ONLY_MESSAGE };
  const values = Object.fromEntries(RETENTION_FIELDS.map((f) => [f, String(form.get(f) ?? '').trim()])) as Record<RetentionField, string>;
  try {
    await updateRetentionSettings(admin.scope.database.db, Object.fromEntries(RETENTION_FIELDS.map((f) => [f, daysOf(values[f])])), { actor: admin.actor, now: new Date() });
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const fieldErrors: Partial<Record<RetentionField, string>> = {};
    for (const detail of zodDetails(error)) {
      const field = detail.field as RetentionField | undefined;
      if (!field || !RETENTION_FIELDS.includes(field)) continue;
      // a typed "abc" or "1.5" reaches the schema as NaN: said in the form's words
      fieldErrors[field] ??= Number.isNaN(daysOf(values[field])) ? 'must be a whole number of days, or empty to keep forever' : detail.message;
    }
    return { status: 'error', message: 'Check the fields marked below.', fieldErrors, values };
  }
  revalidatePath('/admin/settings');
  return { status: 'done', message: 'Retention saved. The next automation run applies it.' };
}
