import type { Metadata } from 'next';
import Link from 'next/link';
import { FilterField, FilterForm, filterFocusButtonClass, filterSelectClass } from '@/components/filter-form';
import { FilterProblems } from '@/components/filter-problems';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { getAdminAlerts } from '@/lib/admin-overview/get-admin-alerts';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { ALERT_STATUSES, listAlertsQuery } from '@/lib/alerts/alert-rule-schemas';
import type { AlertJson } from '@/lib/alerts/to-alert-json';
import type { AlertRuleJson } from '@/lib/alerts/to-alert-rule-json';
import { formatPeriod, formatDateTime } from '@/lib/format/format-date';
import { formatMoney, formatUnitPrice } from '@/lib/format/format-money';
import { formatQuantity } from '@/lib/format/format-number';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { ActionButton } from '@/components/action-button';
import { createAlertRuleAction, deleteAlertRuleAction, setAlertRuleEnabledAction, updateAlertRuleAction, type RuleFormValues } from './actions';
import { ALL_CUSTOMERS, EACH_CUSTOMER } from './applies-to';
import { RuleForm } from './rule-form';
import { ruleNotify, ruleWhat, ruleWho } from './rule-words';

export const metadata: Metadata = { title: 'Alerts' };

const PAGE = '/admin/alerts';
const LIMIT = 50;

type SearchParams = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() ?? '';

/** This page's URL with these parameters (empty ones left out). */
function alertsHref(params: Record<string, string | undefined>, hash = ''): string {
  const search = new URLSearchParams(Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const query = search.toString();
  return `${PAGE}${query ? `?${query}` : ''}${hash}`;
}

function formValuesOf(rule: AlertRuleJson, defaultCurrency: string): RuleFormValues {
  return {
    name: rule.name,
    kind: rule.kind,
    metric: rule.metric ?? '',
    window: rule.window,
    threshold: rule.threshold,
    currency: (rule.currency ?? defaultCurrency).toUpperCase(),
    applies_to: rule.aggregate ? ALL_CUSTOMERS : (rule.customer_id ?? EACH_CUSTOMER),
    notify: rule.notify,
    recurring: rule.recurring,
  };
}

/** An alert's value against its threshold, as money in its currency or as units. */
function valueAgainstThreshold(alert: AlertJson): string {
  if (alert.currency) return `${formatMoney(alert.value, alert.currency)} of ${formatUnitPrice(alert.threshold, alert.currency)}`;
  return `${formatQuantity(alert.value)} of ${formatQuantity(alert.threshold)}`;
}

export default async function AdminAlertsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const scope = await requireAdminWorkspace(PAGE);
  const readOnly = !mayWrite(scope.role);
  const raw = await searchParams;
  const filters = { status: first(raw.status), customer_id: first(raw.customer_id) };
  const parsed = listAlertsQuery.safeParse({ status: filters.status || undefined, customer_id: filters.customer_id || undefined, starting_after: first(raw.starting_after) || undefined });
  // a hand-edited URL with a filter the list does not know: say which, and list no alerts
  const query = parsed.success ? parsed.data : null;
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  const page = await getAdminAlerts(scope, query ?? {}, LIMIT);
  const alerts = query ? page.alerts : [];
  const filtered = Boolean(filters.status || filters.customer_id);
  const lastAlertId = alerts.at(-1)?.id;
  const metricsByCode = new Map(page.metrics.map((m) => [m.code, m]));
  const editing = readOnly ? undefined : page.rules.find((r) => r.id === first(raw.edit));
  const defaultCurrency = scope.config.defaultCurrency;
  const blank: RuleFormValues = { name: '', kind: 'usage_amount', metric: '', window: 'day', threshold: '', currency: defaultCurrency.toUpperCase(), applies_to: EACH_CUSTOMER, notify: ['admins'], recurring: true };

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Thresholds on what customers' usage comes to, checked within a minute of the usage that crosses them and by every automation run. Each rule triggers once per customer (or for all together) and window."
      />

      {editing ? (
        <div id="alert-rule-edit">
        <Section title={`Edit “${editing.name}”`} testId="alert-rule-edit">
          <RuleForm
            key={editing.id}
            action={updateAlertRuleAction}
            initial={formValuesOf(editing, defaultCurrency)}
            ruleId={editing.id}
            metrics={page.metrics}
            customers={page.customerOptions}
            readOnly={readOnly}
            submitLabel="Save rule"
            pendingLabel="Saving…"
            idPrefix="alert-edit"
            testId="alert-rule-edit-form"
          />
        </Section>
        </div>
      ) : readOnly ? (
        <div className="mt-8">
          <Notice testId="alert-view-only">View only: your role in this workspace (viewer) sees the rules and alerts but cannot change them.</Notice>
        </div>
      ) : (
        <Section title="New rule" testId="alert-rule-new">
          <RuleForm
            action={createAlertRuleAction}
            initial={blank}
            metrics={page.metrics}
            customers={page.customerOptions}
            readOnly={readOnly}
            submitLabel="Create rule"
            pendingLabel="Creating…"
            idPrefix="alert-new"
            testId="alert-rule-create-form"
          />
        </Section>
      )}

      <Section title={`Rules (${page.rules.length}${page.moreRules ? '+' : ''})`} testId="alert-rules">
        <Table label="Alert rules" data-testid="alert-rule-table">
          <THead>
            <Th>Name</Th>
            <Th>What</Th>
            <Th>Who</Th>
            <Th>Notify</Th>
            <Th>Status</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </THead>
          <TBody>
            {page.rules.length === 0 ? (
              <EmptyRow colSpan={6}>No alert rules. POST /api/billing/setup installs the defaults on a workspace without rules, or create one above.</EmptyRow>
            ) : (
              page.rules.map((rule) => (
                <tr key={rule.id} data-testid="alert-rule-row" data-rule-id={rule.id} className="align-top">
                  <Td strong className="min-w-40 whitespace-normal!">
                    {rule.name}
                    {rule.preset_key ? <div className="text-xs font-normal text-slate-500">Default</div> : null}
                  </Td>
                  <Td className="min-w-56 whitespace-normal!">{ruleWhat(rule, metricsByCode)}</Td>
                  <Td className="whitespace-normal!">{ruleWho(rule, page.customerNames)}</Td>
                  <Td className="whitespace-normal!">{ruleNotify(rule)}</Td>
                  <Td>{rule.enabled ? <StatusBadge status="active" label="Enabled" /> : <StatusBadge status="disabled" label="Disabled" />}</Td>
                  <Td>
                    {readOnly ? (
                      <span className="text-xs text-slate-500">View only</span>
                    ) : (
                      <div className="flex flex-col items-start gap-2">
                        <Link href={alertsHref({ edit: rule.id }, '#alert-rule-edit')} className="text-sm font-medium text-indigo-700 hover:text-indigo-900" data-testid="alert-rule-edit-link" aria-label={`Edit ${rule.name}`}>
                          Edit
                        </Link>
                        <ActionButton
                          action={setAlertRuleEnabledAction}
                          fields={{ rule_id: rule.id, enabled: rule.enabled ? 'false' : 'true' }}
                          label={rule.enabled ? 'Disable' : 'Enable'}
                          pendingLabel={rule.enabled ? 'Disabling…' : 'Enabling…'}
                          testId="alert-rule-toggle"
                        />
                        <details>
                          <summary className="cursor-pointer rounded-md px-2.5 py-1 text-sm font-medium text-red-700 ring-1 ring-red-200 ring-inset hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                            Delete…
                          </summary>
                          <div className="mt-2 max-w-64 space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm whitespace-normal text-red-900">
                            <p>Delete this rule? A rule that has triggered keeps its alerts and can only be disabled.</p>
                            <ActionButton action={deleteAlertRuleAction} fields={{ rule_id: rule.id }} label="Delete rule" pendingLabel="Deleting…" tone="danger" testId="alert-rule-delete" />
                          </div>
                        </details>
                      </div>
                    )}
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Triggered alerts" testId="alerts">
        <FilterForm action={PAGE} label="Filter alerts" testId="alert-filters" filtered={filtered} clearLabel="Clear filters" className="mb-5 flex flex-wrap items-end gap-3" buttonClassName={filterFocusButtonClass}>
          <FilterField id="alert-status" label="Status">
            <select id="alert-status" name="status" defaultValue={filters.status} className={filterSelectClass}>
              <option value="">All alerts</option>
              {ALERT_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status === 'triggered' ? 'Triggered (open)' : 'Resolved'}
                </option>
              ))}
            </select>
          </FilterField>
          <FilterField id="alert-customer" label="Customer">
            <select id="alert-customer" name="customer_id" defaultValue={filters.customer_id} className={filterSelectClass}>
              <option value="">All customers</option>
              {page.customerOptions.map((customer) => (
                <option key={customer.id} value={customer.id}>
                  {customer.name}
                </option>
              ))}
            </select>
          </FilterField>
        </FilterForm>

        <FilterProblems problems={problems} testId="alert-filter-error" />

        <Table label="Triggered alerts" data-testid="alert-table">
          <THead>
            <Th>Customer</Th>
            <Th>Rule</Th>
            <Th>Window</Th>
            <Th align="right">Value of threshold</Th>
            <Th>Triggered</Th>
            <Th>Resolved</Th>
          </THead>
          <TBody>
            {alerts.length === 0 ? (
              <EmptyRow colSpan={6}>{filtered || !query ? 'No alerts match these filters.' : 'No alerts yet. A rule whose threshold is crossed shows up here.'}</EmptyRow>
            ) : (
              alerts.map((alert) => (
                <tr key={alert.id} data-testid="alert-row" data-resolved={alert.resolved_at ? 'true' : 'false'}>
                  <Td strong>{alert.customer_id ? (page.customerNames.get(alert.customer_id) ?? 'Unknown customer') : 'All customers'}</Td>
                  <Td>{page.ruleNames.get(alert.rule_id) ?? 'A rule not shown here'}</Td>
                  <Td>{formatPeriod(alert.window_start, alert.window_end)}</Td>
                  <Td align="right">{valueAgainstThreshold(alert)}</Td>
                  <Td>{formatDateTime(alert.triggered_at)}</Td>
                  <Td>{alert.resolved_at ? formatDateTime(alert.resolved_at) : <StatusBadge status="open" label="Open" />}</Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>

        <nav aria-label="Pages of alerts" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
          {query?.starting_after ? (
            <Link href={alertsHref(filters)} className="font-medium text-indigo-700 hover:text-indigo-900">
              ← Newest
            </Link>
          ) : (
            <span />
          )}
          {page.moreAlerts && query && lastAlertId ? (
            <Link href={alertsHref({ ...filters, starting_after: lastAlertId })} className="font-medium text-indigo-700 hover:text-indigo-900" data-testid="alert-next-page">
              Older alerts →
            </Link>
          ) : null}
        </nav>
      </Section>
    </>
  );
}
