'use server';
// The /admin/settings page's changes, as Server Actions through the same domain functions as the API
// (PATCH /api/admin/billing/workspaces/[id], the members routes, POST and DELETE
// /api/admin/billing/api-keys): the same validation, the same role checks, the same audit entries,
// in the workspace the header's switcher chose, as the signed-in user. A viewer may look but not
// act: every action refuses them here, whatever the page shows. Errors come back as state for the
// form to show inline.
import { revalidatePath } from 'next/cache';
import { z, ZodError } from 'zod';
import { createApiKey, type CreateApiKeyInput } from '@/lib/api-keys/create-api-key';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { actingAdmin, VIEW_ONLY_MESSAGE, type ActingAdmin } from '@/lib/admin-overview/require-admin';
import { BillingError } from '@/lib/errors/billing-error';
import { zodDetails } from '@/lib/http/error-response';
import { addMember } from '@/lib/workspaces/add-member';
import { changeMemberRole } from '@/lib/workspaces/change-member-role';
import { removeMember } from '@/lib/workspaces/remove-member';
import { updateWorkspace } from '@/lib/workspaces/update-workspace';
import { assertMayChange, assertMayManageMembers } from '@/lib/workspaces/workspace-access';
import type { AddMemberInput, UpdateMemberInput } from '@/lib/workspaces/workspace-schemas';

const PAGE = '/admin/settings';

/** What a form shows after its action: a message, the fields in error, what was sent, and (once) a new key. */
export type SettingsActionState = {
  status: 'idle' | 'done' | 'error';
  message?: string;
  fieldErrors?: Record<string, string>;
  /** what the form sent, to fill it in again after an error (React resets a form after its action) */
  values?: Record<string, string | string[]>;
  /** a new API key in clear: in this answer only, never stored or logged */
  key?: { value: string; name: string; prefix: string };
};

const VIEW_ONLY: SettingsActionState = { status: 'error', message: VIEW_ONLY_MESSAGE };

/** The form field a detail is about: `company.email` → company_email, `scopes.0` → scopes. */
function formField(field: string | undefined): string {
  if (!field) return 'form';
  return field.startsWith('company.') ? field.replace('.', '_') : field.split('.')[0]!;
}

/** A domain error as the form shows it: the message, and each detail under its field. */
function failure(error: unknown): SettingsActionState {
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of zodDetails(error)) fieldErrors[formField(detail.field)] ??= detail.message;
    return { status: 'error', message: 'Check the fields marked below.', fieldErrors };
  }
  if (error instanceof BillingError) {
    const fieldErrors: Record<string, string> = {};
    for (const detail of error.details) if (detail.field) fieldErrors[formField(detail.field)] ??= detail.message;
    return { status: 'error', message: error.message, fieldErrors };
  }
  throw error;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
};

/** An empty optional field means "the installation's default", as null does in the API. */
const orNull = (value: string) => (value === '' ? null : value);

const uuid = z.uuid();

/**
 * One change as the acting admin: a viewer is refused before anything else, and a refusal of the
 * domain comes back as the form's answer, with `values` (what was sent) to fill the form in again.
 */
async function asAdmin(values: SettingsActionState['values'] | undefined, change: (admin: ActingAdmin) => Promise<SettingsActionState>): Promise<SettingsActionState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return VIEW_ONLY;
  try {
    return await change(admin);
  } catch (error) {
    return values ? { ...failure(error), values } : failure(error);
  }
}

/** The role check the members' changes make, in the workspace and role the admin acts in. */
const mayManageMembers = (admin: ActingAdmin) => assertMayManageMembers({ workspace: admin.scope.workspace, role: admin.scope.role });
// the casts below only name the types: the domain functions parse every value with their zod schemas

/** The workspace's name and the settings the page edits; the API takes the rest. */
export async function updateWorkspaceAction(_previous: SettingsActionState, form: FormData): Promise<SettingsActionState> {
  const fields = ['name', 'company_name', 'company_email', 'default_currency', 'payment_terms_days', 'email_from'] as const;
  const values = Object.fromEntries(fields.map((f) => [f, text(form, f)])) as Record<(typeof fields)[number], string>;
  return asAdmin(values, async (admin) => {
    assertMayChange({ workspace: admin.scope.workspace, role: admin.scope.role });
    await updateWorkspace(
      admin.scope.database,
      {
        name: values.name,
        company: { name: orNull(values.company_name), email: orNull(values.company_email) },
        default_currency: orNull(values.default_currency),
        // a typed "abc" becomes NaN, which the schema refuses on payment_terms_days
        payment_terms_days: values.payment_terms_days === '' ? null : Number(values.payment_terms_days),
        email_from: orNull(values.email_from),
      },
      { actor: admin.actor },
    );
    revalidatePath('/admin', 'layout');
    return { status: 'done', message: 'Workspace saved.' };
  });
}

export async function addMemberAction(_previous: SettingsActionState, form: FormData): Promise<SettingsActionState> {
  const values = { email: text(form, 'email'), role: text(form, 'role') };
  return asAdmin(values, async (admin) => {
    mayManageMembers(admin);
    const member = await addMember(admin.scope.database, { email: values.email, role: values.role as AddMemberInput['role'] }, { actor: admin.actor });
    revalidatePath(PAGE);
    return { status: 'done', message: `${member.email} added as ${member.role}.` };
  });
}

export async function changeMemberRoleAction(_previous: SettingsActionState, form: FormData): Promise<SettingsActionState> {
  return asAdmin(undefined, async (admin) => {
    const userId = uuid.safeParse(text(form, 'user_id'));
    if (!userId.success) return { status: 'error', message: 'Member not found' };
    mayManageMembers(admin);
    const member = await changeMemberRole(admin.scope.database, userId.data, { role: text(form, 'role') as UpdateMemberInput['role'] }, { actor: admin.actor });
    revalidatePath(PAGE);
    return { status: 'done', message: `Now ${member.role}.` };
  });
}

export async function removeMemberAction(_previous: SettingsActionState, form: FormData): Promise<SettingsActionState> {
  return asAdmin(undefined, async (admin) => {
    const userId = uuid.safeParse(text(form, 'user_id'));
    if (!userId.success) return { status: 'error', message: 'Member not found' };
    mayManageMembers(admin);
    await removeMember(admin.scope.database, userId.data, { actor: admin.actor });
    revalidatePath(PAGE);
    return { status: 'done', message: 'Member removed.' };
  });
}

export async function createApiKeyAction(_previous: SettingsActionState, form: FormData): Promise<SettingsActionState> {
  const scopes = form.getAll('scopes').filter((s): s is string => typeof s === 'string');
  const values = { name: text(form, 'name'), scopes };
  return asAdmin(values, async (admin) => {
    if (scopes.length === 0) return { status: 'error', message: 'Check the fields marked below.', fieldErrors: { scopes: 'Choose at least one scope.' }, values };
    const created = await createApiKey(admin.scope.database.db, { name: values.name, scopes: scopes as CreateApiKeyInput['scopes'] }, admin.actor);
    revalidatePath(PAGE);
    return { status: 'done', message: 'Key created.', key: { value: created.key, name: created.name, prefix: created.prefix } };
  });
}

export async function revokeApiKeyAction(_previous: SettingsActionState, form: FormData): Promise<SettingsActionState> {
  return asAdmin(undefined, async (admin) => {
    const id = uuid.safeParse(text(form, 'key_id'));
    if (!id.success) return { status: 'error', message: 'API key not found' };
    await revokeApiKey(admin.scope.database.db, id.data, admin.actor, new Date());
    revalidatePath(PAGE);
    return { status: 'done', message: 'Key revoked.' };
  });
}
