'use client';
// The settings page's forms: the workspace's details, adding a member and changing a role, a new API
// key. Each posts to a Server Action, so it works before JavaScript loads; errors show beside their
// fields and what was typed stays. A new key is shown here once, in the action's answer: it is in no
// page, list or log afterwards. Only owners and admins get these forms (viewers see the values).
import { useActionState } from 'react';
import { Notice } from '@/components/notice';
import { addMemberAction, changeMemberRoleAction, createApiKeyAction, updateWorkspaceAction, type SettingsActionState } from './actions';

const IDLE: SettingsActionState = { status: 'idle' };
const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none aria-invalid:ring-red-600';
const PRIMARY =
  'rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50';
const SECONDARY =
  'rounded-md bg-white px-2.5 py-1 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50';

function Outcome({ state, testId }: { state: SettingsActionState; testId: string }) {
  if (state.status === 'idle' || !state.message) return null;
  return (
    <p role={state.status === 'error' ? 'alert' : 'status'} data-testid={testId} className={`text-sm break-words ${state.status === 'error' ? 'text-red-700' : 'text-emerald-700'}`}>
      {state.message}
    </p>
  );
}

/** A labelled input whose error, when there is one, is said under it and tied to it. */
function Field({
  form,
  name,
  label,
  hint,
  state,
  defaultValue,
  ...input
}: { form: string; name: string; label: string; hint?: string; state: SettingsActionState; defaultValue: string } & Omit<React.ComponentProps<'input'>, 'name' | 'defaultValue' | 'form'>) {
  const id = `${form}-${name}`;
  const error = state.status === 'error' ? state.fieldErrors?.[name] : undefined;
  const sent = state.status === 'error' ? state.values?.[name] : undefined;
  return (
    <div className="min-w-0">
      <label htmlFor={id} className="block text-sm font-medium text-slate-900">
        {label}
      </label>
      <input
        id={id}
        name={name}
        defaultValue={typeof sent === 'string' ? sent : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={`mt-1 ${INPUT}`}
        {...input}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export type WorkspaceFormValues = {
  name: string;
  company_name: string;
  company_email: string;
  default_currency: string;
  payment_terms_days: string;
  email_from: string;
};

/** `stored` is what the workspace saved ('' where the default applies); `effective` what applies instead. */
export function WorkspaceForm({ stored, effective }: { stored: WorkspaceFormValues; effective: Omit<WorkspaceFormValues, 'name'> }) {
  const [state, action, pending] = useActionState(updateWorkspaceAction, IDLE);
  const common = { form: 'workspace', state };
  const fallback = (value: string) => (value ? `Empty: ${value} (the default)` : 'Empty: none');
  return (
    <form key={JSON.stringify(state.status === 'error' ? state.values : stored)} action={action} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="workspace-form">
      {state.status === 'error' && state.message ? <Notice tone="error">{state.message}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field {...common} name="name" label="Name" defaultValue={stored.name} required maxLength={200} />
        <Field {...common} name="company_name" label="Company name on documents" defaultValue={stored.company_name} placeholder={effective.company_name} hint={fallback(effective.company_name)} maxLength={200} />
        <Field {...common} name="company_email" label="Company email" type="email" defaultValue={stored.company_email} placeholder={effective.company_email} hint={fallback(effective.company_email)} maxLength={320} />
        <Field {...common} name="email_from" label="Emails are sent from" defaultValue={stored.email_from} placeholder={effective.email_from} hint={fallback(effective.email_from)} maxLength={320} />
        <Field {...common} name="default_currency" label="Default currency" defaultValue={stored.default_currency} placeholder={effective.default_currency} hint={`${fallback(effective.default_currency)}; new customers get it`} maxLength={3} autoCapitalize="characters" />
        <Field {...common} name="payment_terms_days" label="Payment terms (days)" inputMode="numeric" defaultValue={stored.payment_terms_days} placeholder={effective.payment_terms_days} hint={fallback(effective.payment_terms_days)} maxLength={3} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={PRIMARY} disabled={pending} data-testid="workspace-save">
          {pending ? 'Saving…' : 'Save workspace'}
        </button>
        {state.status === 'done' ? <Outcome state={state} testId="workspace-outcome" /> : null}
      </div>
    </form>
  );
}

const ROLE_LABELS = { owner: 'Owner', admin: 'Admin', viewer: 'Viewer' } as const;
type Role = keyof typeof ROLE_LABELS;

function RoleSelect({ id, defaultValue, label }: { id: string; defaultValue: Role; label?: string }) {
  return (
    <select id={id} name="role" defaultValue={defaultValue} aria-label={label} className="rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none">
      {(Object.keys(ROLE_LABELS) as Role[]).map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}

export function AddMemberForm() {
  const [state, action, pending] = useActionState(addMemberAction, IDLE);
  const sentRole = state.status === 'error' && typeof state.values?.role === 'string' ? (state.values.role as Role) : 'viewer';
  return (
    <form key={state.status === 'error' ? JSON.stringify(state.values) : 'empty'} action={action} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="add-member-form">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-56">
          <Field form="member" name="email" label="Email of an existing user" type="email" required maxLength={320} defaultValue="" state={state} hint="They must have signed in once; this gives them a role here." />
        </div>
        <div>
          <label htmlFor="member-role" className="block text-sm font-medium text-slate-900">
            Role
          </label>
          <div className="mt-1">
            <RoleSelect id="member-role" defaultValue={sentRole} />
          </div>
        </div>
        <button type="submit" className={PRIMARY} disabled={pending} data-testid="add-member">
          {pending ? 'Adding…' : 'Add member'}
        </button>
      </div>
      {state.status === 'error' && !state.fieldErrors?.email ? <Outcome state={state} testId="add-member-outcome" /> : null}
      {state.status === 'done' ? <Outcome state={state} testId="add-member-outcome" /> : null}
    </form>
  );
}

export function ChangeRoleForm({ userId, role, email }: { userId: string; role: Role; email: string }) {
  const [state, action, pending] = useActionState(changeMemberRoleAction, IDLE);
  const id = `role-${userId}`;
  return (
    <form action={action} className="flex flex-wrap items-center gap-2" data-testid="change-role-form">
      <input type="hidden" name="user_id" value={userId} />
      <RoleSelect id={id} defaultValue={role} label={`Role of ${email}`} />
      <button type="submit" className={SECONDARY} disabled={pending} data-testid="change-role">
        {pending ? 'Saving…' : 'Change'}
      </button>
      <Outcome state={state} testId="change-role-outcome" />
    </form>
  );
}

const SCOPES = [
  { value: 'usage:write', label: 'usage:write', detail: 'sends usage events (POST /api/billing/usage/events)' },
  { value: 'billing:admin', label: 'billing:admin', detail: 'the admin API of this workspace, as an admin' },
] as const;

export function CreateApiKeyForm() {
  const [state, action, pending] = useActionState(createApiKeyAction, IDLE);
  const sent = state.status === 'error' ? state.values : undefined;
  const sentScopes = Array.isArray(sent?.scopes) ? sent.scopes : ['usage:write'];
  const scopesError = state.status === 'error' ? state.fieldErrors?.scopes : undefined;
  return (
    <div className="space-y-4">
      {state.status === 'done' && state.key ? (
        <Notice tone="warning" title="Copy the key now" testId="api-key-secret">
          <p>
            “{state.key.name}” ({state.key.prefix}…) is shown this once: only its hash is kept, and it is not shown again.
          </p>
          <code className="mt-2 block rounded bg-white/70 px-2 py-1.5 font-mono text-xs break-all text-slate-900 select-all" data-testid="api-key-value">
            {state.key.value}
          </code>
        </Notice>
      ) : null}
      <form key={sent ? JSON.stringify(sent) : 'empty'} action={action} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="api-key-form">
        {state.status === 'error' && state.message ? <Notice tone="error">{state.message}</Notice> : null}
        <Field form="api-key" name="name" label="Name" required maxLength={100} defaultValue="" placeholder="Production ingest" state={state} hint="Says where the key is used, in lists and the audit log." />
        <fieldset aria-describedby={scopesError ? 'api-key-scopes-error' : undefined}>
          <legend className="text-sm font-medium text-slate-900">Scopes</legend>
          <div className="mt-2 space-y-1.5">
            {SCOPES.map((scope) => (
              <label key={scope.value} className="flex items-start gap-2 text-sm text-slate-700">
                <input type="checkbox" name="scopes" value={scope.value} defaultChecked={sentScopes.includes(scope.value)} className="mt-0.5 size-4 shrink-0 rounded border-slate-300 text-indigo-600" />
                <span className="min-w-0">
                  <span className="font-mono text-[13px] text-slate-900">{scope.label}</span> <span className="text-slate-500">— {scope.detail}</span>
                </span>
              </label>
            ))}
          </div>
          {scopesError ? (
            <p id="api-key-scopes-error" className="mt-1 text-sm text-red-700">
              {scopesError}
            </p>
          ) : null}
        </fieldset>
        <button type="submit" className={PRIMARY} disabled={pending} data-testid="api-key-create">
          {pending ? 'Creating…' : 'Create key'}
        </button>
      </form>
    </div>
  );
}
