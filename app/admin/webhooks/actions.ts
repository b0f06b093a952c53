'use server';
// The /admin/webhooks page's changes, as Server Actions: each works in the workspace the header's
// switcher chose, as the signed-in user, through the same domain functions as the API routes (the
// same validation, the same audit entries). A viewer may look but not act: every action refuses them
// here, whatever the page shows. Errors come back as state for the form to show inline.
import { revalidatePath } from 'next/cache';
import { ZodError } from 'zod';
import { actingAdmin, VIEW_ONLY_MESSAGE } from '@/lib/admin-overview/require-admin';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { deleteWebhookEndpoint } from '@/lib/webhooks/delete-webhook-endpoint';
import { retryWebhookDelivery } from '@/lib/webhooks/retry-webhook-delivery';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';
import { ALL_EVENTS } from '@/lib/webhooks/webhook-endpoint-schemas';

const PAGE = '/admin/webhooks';

/** What a form shows after its action: a message, the fields in error, and (once) a new secret. */
export type ActionState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  /** the new endpoint's signing secret: shown in this answer only */
  secret?: string;
  endpointUrl?: string;
  /** what the create form sent, to fill it in again after an error (React resets a form after its action) */
  values?: { url: string; events: string[]; allEvents: boolean; description: string };
};

const VIEW_ONLY: ActionState = { status: 'error', message: VIEW_ONLY_MESSAGE };

/** A domain error as the form shows it: the message, and each detail under its field. */
function failure(error: unknown): ActionState {
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of zodDetails(error)) fieldErrors[(detail.field ?? 'form').split('.')[0]!] ??= detail.message;
    return { status: 'error', message: 'Check the fields marked below.', fieldErrors };
  }
  if (error instanceof BillingError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of error.details) if (detail.field) fieldErrors[detail.field.split('.')[0]!] ??= detail.message;
    return { status: 'error', message: error.message, fieldErrors };
  }
  throw error;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

export async function createEndpointAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  const chosen = form.getAll('events').filter((e): e is string => typeof e === 'string');
  const values = { url: text(form, 'url'), events: chosen, allEvents: Boolean(form.get('all_events')), description: text(form, 'description') };
  const events = values.allEvents ? [ALL_EVENTS] : chosen;
  if (events.length === 0) return { status: 'error', message: 'Check the fields marked below.', fieldErrors: { events: 'Choose at least one event type, or all events.' }, values };
  try {
    const created = await createWebhookEndpoint(admin.scope.database.db, { url: values.url, events, description: values.description || undefined }, { actor: admin.actor });
    revalidatePath(PAGE);
    return { status: 'done', message: 'Endpoint created.', secret: created.secret, endpointUrl: created.url };
  } catch (error) {
    return { ...failure(error), values };
  }
}

export async function setEndpointEnabledAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  const enabled = text(form, 'enabled') === 'true';
  try {
    await updateWebhookEndpoint(admin.scope.database.db, text(form, 'endpoint_id'), { enabled }, { actor: admin.actor });
    revalidatePath(PAGE);
    return { status: 'done', message: enabled ? 'Enabled.' : 'Disabled.' };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteEndpointAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  try {
    await deleteWebhookEndpoint(admin.scope.database.db, text(form, 'endpoint_id'), { actor: admin.actor });
    revalidatePath(PAGE);
    return { status: 'done', message: 'Endpoint deleted.' };
  } catch (error) {
    return failure(error);
  }
}

export async function retryDeliveryAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  try {
    const delivery = await retryWebhookDelivery(admin.scope.database.db, text(form, 'endpoint_id'), text(form, 'delivery_id'), { now: new Date() });
    revalidatePath(PAGE);
    return delivery.status === 'succeeded'
      ? { status: 'done', message: `Delivered (HTTP ${delivery.response_status}).` }
      : { status: 'error', message: `Failed again: ${delivery.last_error ?? 'no answer'}` };
  } catch (error) {
    return failure(error);
  }
}
