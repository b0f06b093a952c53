'use server';
// The cost projector's Server Action: the same schema and arithmetic as POST
// /api/admin/billing/projections (lib/pricing/project-costs.ts), in the workspace the header's switcher
// chose. It writes nothing, so viewers may use it too. Errors come back by field for the form to show.
import { ZodError } from 'zod';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { projectCosts, type CostProjection, type ProjectionInput } from '@/lib/pricing/project-costs';

export type ProjectorValues = { expected_calls_per_month: string; api_cost_per_call: string; proposed_price_per_1k: string; service_type: string };

export type ProjectorState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: Partial<Record<keyof ProjectorValues, string>>;
  projection?: CostProjection;
  /** what was sent, to fill the form in again (React resets a form after its action) */
  values?: ProjectorValues;
};

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

export async function projectCostsAction(_previous: ProjectorState, form: FormData): Promise<ProjectorState> {
  const scope = await requireAdminWorkspace('/admin/pricing');
  const values: ProjectorValues = {
    // "50,000" is how people write it; the separators carry no meaning
    expected_calls_per_month: text(form, 'expected_calls_per_month').replace(/[,_\s]/g, ''),
    api_cost_per_call: text(form, 'api_cost_per_call'),
    proposed_price_per_1k: text(form, 'proposed_price_per_1k'),
    service_type: text(form, 'service_type') || 'api',
  };
  try {
    // the form's text as the route's JSON body: the schema checks every field, service_type included
    return { status: 'done', projection: projectCosts(values as ProjectionInput, scope.config.defaultCurrency), values };
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    const fieldErrors: ProjectorState['fieldErrors'] = {};
    for (const issue of error.issues) {
      const field = String(issue.path[0] ?? '') as keyof ProjectorValues;
      fieldErrors[field] ??= issue.message.replace(`${field} `, '');
    }
    return { status: 'error', message: 'Check the fields marked below.', fieldErrors, values };
  }
}
