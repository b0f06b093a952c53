import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ActionButton } from '@/components/action-button';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { listApiKeys } from '@/lib/api-keys/revoke-api-key';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { env } from '@/lib/env';
import { formatDateTime } from '@/lib/format/format-date';
import { getRetentionSettings, RETENTION_DEFAULTS } from '@/lib/privacy/retention-settings';
import { integrationStatus, type SecretStatus } from '@/lib/setup/integration-status';
import { listWebhookEndpoints } from '@/lib/webhooks/list-webhook-endpoints';
import { listMembers } from '@/lib/workspaces/list-members';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { toWorkspaceJson } from '@/lib/workspaces/to-workspace-json';
import { removeMemberAction, revokeApiKeyAction } from './actions';
import { RetentionForm } from './retention-form';
import { AddMemberForm, ChangeRoleForm, CreateApiKeyForm, WorkspaceForm } from './settings-forms';

export const metadata: Metadata = { title: 'Settings' };

const CONFIRM_SUMMARY =
  'cursor-pointer rounded-md px-2.5 py-1 text-sm font-medium text-red-700 ring-1 ring-red-200 ring-inset hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

/** A destructive change behind a second step: the summary opens what it does, the button inside does it. */
function Confirm({ summary, children, testId }: { summary: string; children: ReactNode; testId?: string }) {
  return (
    <details className="group" data-testid={testId}>
      <summary className={CONFIRM_SUMMARY}>{summary}</summary>
      <div className="mt-2 max-w-sm space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm whitespace-normal text-red-900">{children}</div>
    </details>
  );
}

/** Terms and values in two columns from 640 px, one under the other on a phone. */
function Facts({ rows, testId }: { rows: [string, ReactNode][]; testId?: string }) {
  return (
    <dl data-testid={testId} className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm shadow-xs sm:grid-cols-[minmax(10rem,auto)_1fr] sm:p-5">
      {rows.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500">{term}</dt>
          <dd className="min-w-0 break-words text-slate-900">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function SetOrNot({ secret, testId }: { secret: SecretStatus; testId: string }) {
  return secret.set ? (
    <span data-testid={testId} data-set="true">
      Set <code className="ml-1 font-mono text-xs text-slate-600">{secret.masked}</code>
    </span>
  ) : (
    <span data-testid={testId} data-set="false" className="text-slate-500">
      Not set
    </span>
  );
}

const Yes = ({ ok, yes, no, testId }: { ok: boolean; yes: string; no: string; testId: string }) => (
  <span data-testid={testId} data-configured={ok}>
    <StatusBadge status={ok ? 'active' : 'not_configured'} label={ok ? yes : no} />
  </span>
);

/**
 * The workspace's settings in one place: its details, who works in it, the server API keys, a summary
 * of its webhook endpoints (managed on /admin/webhooks), and whether the installation's mail and Stripe
 * are set up. Owners and admins change the details and keys; members are the owners' business;
 * viewers see everything and get no controls.
 */
export default async function AdminSettingsPage() {
  const scope = await requireAdminWorkspace('/admin/settings');
  const { database, workspace, role, session } = scope;
  const writer = mayWrite(role);
  const owner = role === 'owner';
  const [members, keys, endpoints] = await Promise.all([listMembers(database), listApiKeys(database.db), listWebhookEndpoints(database.db, { limit: 100 })]);
  const json = toWorkspaceJson(workspace);
  const status = integrationStatus(env(), workspace);
  const { email, stripe } = status;

  return (
    <>
      <PageHeader title="Settings" description={`The ${workspace.name} workspace: its details, members, API keys and webhooks, and how mail and payments are set up.`} />
      {writer ? null : (
        <p data-testid="settings-view-only" className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-600">
          View only: your role in this workspace is viewer. You see the settings; an owner or admin changes them.
        </p>
      )}

      <Section title="Workspace" testId="settings-workspace">
        <div className="space-y-4">
          <Facts
            testId="workspace-facts"
            rows={[
              ['Name', json.name],
              ['Slug', <span key="slug"><code className="font-mono text-[13px]">{json.slug}</code> <span className="text-slate-500">— fixed: cookies, scripts and bookmarks name it</span></span>],
              ['Company', json.effective.company.name ?? '—'],
              ['Default currency', json.effective.default_currency.toUpperCase()],
              ['Payment terms', `${json.effective.payment_terms_days} days`],
              ['Invoice numbers', <code key="format" className="font-mono text-[13px]">{json.effective.invoice_number_format}</code>],
              ['Created', formatDateTime(json.created)],
            ]}
          />
          {writer ? (
            <WorkspaceForm
              stored={{
                name: json.name,
                company_name: json.company.name ?? '',
                company_email: json.company.email ?? '',
                default_currency: json.default_currency?.toUpperCase() ?? '',
                payment_terms_days: json.payment_terms_days === null ? '' : String(json.payment_terms_days),
                email_from: json.email_from ?? '',
              }}
              effective={{
                company_name: json.effective.company.name ?? '',
                company_email: json.effective.company.email ?? '',
                default_currency: json.effective.default_currency.toUpperCase(),
                payment_terms_days: String(json.effective.payment_terms_days),
                email_from: json.effective.email_from ?? '',
              }}
            />
          ) : null}
        </div>
      </Section>

      <Section title={`Members (${members.length})`} testId="settings-members">
        <div className="space-y-4">
          <Table label="Members" data-testid="members-table">
            <THead>
              <Th>Email</Th>
              <Th>Role</Th>
              <Th>Since</Th>
              {owner ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </THead>
            <TBody>
              {members.length === 0 ? (
                <EmptyRow colSpan={owner ? 4 : 3}>No members yet. Installation admins work here as owners without being listed.</EmptyRow>
              ) : (
                members.map((member) => (
                  <tr key={member.user_id} data-testid="member-row" data-email={member.email ?? ''} className="align-top">
                    <Td strong>
                      {member.email ?? member.user_id}
                      {member.user_id === session.userId ? <span className="ml-1 text-xs font-normal text-slate-500">(you)</span> : null}
                    </Td>
                    <Td>
                      <span data-testid="member-role">{member.role}</span>
                    </Td>
                    <Td>{formatDateTime(member.created)}</Td>
                    {owner ? (
                      <Td>
                        <div className="flex flex-wrap items-start gap-3">
                          <ChangeRoleForm userId={member.user_id} role={member.role} email={member.email ?? member.user_id} />
                          <Confirm summary="Remove…" testId="member-remove">
                            <p>Remove {member.email ?? 'this member'} from {workspace.name}? They lose access at once. The last owner cannot be removed.</p>
                            <ActionButton action={removeMemberAction} fields={{ user_id: member.user_id }} label="Remove member" pendingLabel="Removing…" tone="danger" testId="member-remove-confirm" />
                          </Confirm>
                        </div>
                      </Td>
                    ) : null}
                  </tr>
                ))
              )}
            </TBody>
          </Table>
          <p className="text-xs text-slate-500">Installation admins are owners of every workspace without being listed here.</p>
          {owner ? <AddMemberForm /> : <p className="text-sm text-slate-500">Only an owner of the workspace adds members and changes their roles.</p>}
        </div>
      </Section>

      <Section title={`API keys (${keys.length})`} testId="settings-api-keys">
        <div className="space-y-4">
          <Table label="API keys" data-testid="api-keys-table">
            <THead>
              <Th>Name</Th>
              <Th>Key</Th>
              <Th>Scopes</Th>
              <Th>Created</Th>
              <Th>Last used</Th>
              <Th>Status</Th>
              {writer ? (
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              ) : null}
            </THead>
            <TBody>
              {keys.length === 0 ? (
                <EmptyRow colSpan={writer ? 7 : 6}>No API keys yet. Servers send usage with a usage:write key.</EmptyRow>
              ) : (
                keys.map((key) => (
                  <tr key={key.id} data-testid="api-key-row" data-name={key.name} className="align-top">
                    <Td strong>{key.name}</Td>
                    <Td>
                      <code className="font-mono text-[13px]">{key.prefix}…</code>
                    </Td>
                    <Td>
                      <span className="font-mono text-[13px]">{key.scopes.join(', ')}</span>
                    </Td>
                    <Td>{formatDateTime(key.created)}</Td>
                    <Td>
                      <span data-testid="api-key-last-used">{key.last_used_at ? formatDateTime(key.last_used_at) : 'Never'}</span>
                    </Td>
                    <Td>
                      <span data-testid="api-key-status">{key.revoked_at ? <StatusBadge status="canceled" label={`Revoked ${formatDateTime(key.revoked_at)}`} /> : <StatusBadge status="active" />}</span>
                    </Td>
                    {writer ? (
                      <Td>
                        {key.revoked_at ? null : (
                          <Confirm summary="Revoke…" testId="api-key-revoke">
                            <p>Revoke “{key.name}”? Every request with it is refused from now on. This cannot be undone.</p>
                            <ActionButton action={revokeApiKeyAction} fields={{ key_id: key.id }} label="Revoke key" pendingLabel="Revoking…" tone="danger" testId="api-key-revoke-confirm" />
                          </Confirm>
                        )}
                      </Td>
                    ) : null}
                  </tr>
                ))
              )}
            </TBody>
          </Table>
          {writer ? <CreateApiKeyForm /> : null}
        </div>
      </Section>

      <Section
        title={`Webhook endpoints (${endpoints.data.length})`}
        aside={
          <Link href="/admin/webhooks" className="font-medium text-indigo-700 hover:underline" data-testid="settings-webhooks-link">
            {writer ? 'Manage endpoints and delivery logs →' : 'Endpoints and delivery logs →'}
          </Link>
        }
        testId="settings-webhooks"
      >
        <Table label="Webhook endpoints">
          <THead>
            <Th>URL</Th>
            <Th>Events</Th>
            <Th>Status</Th>
          </THead>
          <TBody>
            {endpoints.data.length === 0 ? (
              <EmptyRow colSpan={3}>No endpoints. Add one on the Webhooks page; its signing secret is shown there once.</EmptyRow>
            ) : (
              endpoints.data.map((endpoint) => (
                <tr key={endpoint.id} data-testid="settings-webhook-row">
                  <Td strong className="max-w-xs truncate">
                    <span className="font-mono text-[13px]">{endpoint.url}</span>
                  </Td>
                  <Td>{endpoint.events.includes('*') ? 'All events' : `${endpoint.events.length} event types`}</Td>
                  <Td>
                    {!endpoint.enabled ? (
                      <StatusBadge status="disabled" label="Disabled" />
                    ) : endpoint.failing_since ? (
                      <StatusBadge status="failing" label={`Failing since ${formatDateTime(endpoint.failing_since)}`} />
                    ) : (
                      <StatusBadge status="active" label="Enabled" />
                    )}
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Data retention" testId="settings-retention">
        <p className="mb-3 text-sm text-slate-600">How long raw records are kept before the automation run deletes them. Rollups and invoices keep their totals.</p>
        <RetentionForm current={await getRetentionSettings(database.db)} defaults={RETENTION_DEFAULTS} canEdit={writer} />
      </Section>

      <Section title="Email" aside={<Yes ok={email.sending} yes="Sending" no={email.configured ? 'No sender' : 'Not configured'} testId="email-configured" />} testId="settings-email">
        <Facts
          testId="email-facts"
          rows={[
            ['Resend API key', <SetOrNot key="k" secret={email.apiKey} testId="resend-key" />],
            ['Sender', email.from ? <span key="from" data-testid="email-from">{email.from}{email.fromIsWorkspaces ? '' : ' (EMAIL_FROM)'}</span> : <span key="from" className="text-slate-500">None: emails cannot be sent until the workspace names a sender</span>],
            ['Sender domain', email.domain ? <span key="d" data-testid="email-domain">{email.domain} <span className="text-slate-500">— verify it in Resend, or mail is refused</span></span> : '—'],
            ['Delivery webhook secret', <SetOrNot key="w" secret={email.webhookSecret} testId="resend-webhook-secret" />],
            ...(email.baseUrl ? ([['Resend API at', <code key="b" className="font-mono text-[13px] break-all">{email.baseUrl}</code>]] as [string, ReactNode][]) : []),
            ['What happens', email.sending ? 'Emails are sent through Resend and their delivery is tracked.' : `Emails are rendered and kept as not configured (see Emails), never sent. ${email.configured ? 'They go out once the workspace names a sender.' : 'Set RESEND_API_KEY to send them.'}`],
          ]}
        />
      </Section>

      <Section title="Stripe" aside={<Yes ok={stripe.configured} yes={stripe.mode === 'live' ? 'Live mode' : 'Test mode'} no="Not configured" testId="stripe-configured" />} testId="settings-stripe">
        <Facts
          testId="stripe-facts"
          rows={[
            ['Secret key', <span key="s">
              <SetOrNot secret={stripe.secretKey} testId="stripe-secret-key" />
              {stripe.restrictedKey ? <span className="ml-1 text-slate-500">(restricted)</span> : null}
            </span>],
            ['Mode', stripe.mode ? <span key="m" data-testid="stripe-mode">{stripe.mode}</span> : '—'],
            ['Webhook signing secret', <SetOrNot key="w" secret={stripe.webhookSecret} testId="stripe-webhook-secret" />],
            ['Publishable key', <span key="p">
              <SetOrNot secret={stripe.publishableKey} testId="stripe-publishable-key" />
              {stripe.publishableModeMatches === false ? <span className="ml-1 text-red-700">— not the secret key’s mode</span> : null}
            </span>],
            ...(stripe.apiBase ? ([['Stripe API at', <code key="b" className="font-mono text-[13px] break-all">{stripe.apiBase}</code>]] as [string, ReactNode][]) : []),
            ['Connected account', stripe.connectedAccount ? <code key="a" className="font-mono text-[13px]">{stripe.connectedAccount}</code> : 'None: the platform’s own account'],
            ['What happens', stripe.configured ? (stripe.webhookSecret.set ? 'Cards and SEPA debits are charged, and Stripe’s events arrive signed.' : 'Charges work, but Stripe’s events are refused until STRIPE_WEBHOOK_SECRET is set.') : 'Customers pay by bank transfer; payments are recorded by an admin. Set STRIPE_SECRET_KEY for cards.'],
          ]}
        />
      </Section>
    </>
  );
}
