import type { Metadata } from 'next';
import Link from 'next/link';
import { Money } from '@/components/money';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { getCatalogOverview } from '@/lib/catalog/get-catalog-overview';
import { formatUnitPrice } from '@/lib/format/format-money';
import { formatInterval, humanize } from '@/lib/format/format-text';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { MetricForm } from '../metric-form';
import { advanceWords, alignmentWords, baseFee, chargeSummary } from '../plan-words';

export const metadata: Metadata = { title: 'Catalog' };

const PAGE = '/admin/catalog';
const primaryLink =
  'rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

/**
 * What the workspace sells: its plans (each with its versions and live subscriptions) and the billable
 * metrics their charges price. Admins create metrics here and plans on /admin/catalog/new-plan;
 * a plan's page makes its next version, a metric's page changes its name, unit and cost. Viewers see
 * everything and no controls.
 */
export default async function AdminCatalogPage() {
  const scope = await requireAdminWorkspace(PAGE);
  const readOnly = !mayWrite(scope.role);
  const { metrics, plans } = await getCatalogOverview(scope.database.db);

  return (
    <>
      <PageHeader
        title="Catalog"
        description={
          <>
            Plans and the metrics they price. A change to a plan makes a new version: invoices already issued keep theirs, subscriptions move to the new one at their next renewal. To try prices first, use{' '}
            <Link href="/admin/pricing" className="text-indigo-700 underline hover:text-indigo-900">
              Pricing
            </Link>
            .
          </>
        }
        actions={
          readOnly ? undefined : (
            <Link href={`${PAGE}/new-plan`} className={primaryLink} data-testid="new-plan-link">
              New plan
            </Link>
          )
        }
      />
      {readOnly ? <Notice testId="catalog-view-only">View only: your role in this workspace (viewer) sees the catalog but cannot change it.</Notice> : null}

      <Section title={`Plans (${plans.length})`} testId="catalog-plans">
        <Table label="Plans">
          <THead>
            <Th>Plan</Th>
            <Th>Billing</Th>
            <Th align="right">Base fee</Th>
            <Th>Charges</Th>
            <Th align="right">Subscriptions</Th>
            <Th>Version</Th>
          </THead>
          <TBody>
            {plans.length === 0 ? (
              <EmptyRow colSpan={6}>No plans yet. {readOnly ? '' : 'Create one with “New plan”, or POST /api/billing/setup for the defaults.'}</EmptyRow>
            ) : (
              plans.map(({ current, versions, liveSubscriptions }) => (
                <tr key={current.code} data-testid="plan-row" data-plan-code={current.code} className="align-top">
                  <Td strong>
                    <Link href={`${PAGE}/plans/${encodeURIComponent(current.code)}`} className="hover:text-indigo-700 hover:underline" data-testid="plan-link">
                      {current.name}
                    </Link>
                    <div className="font-mono text-xs font-normal text-slate-500">{current.code}</div>
                  </Td>
                  <Td>
                    {current.currency.toUpperCase()} {formatInterval(current.interval, current.interval_count)}
                    <div className="text-xs text-slate-500">
                      {alignmentWords(current)} · {advanceWords(current)}
                      {current.trial_days ? ` · ${current.trial_days}-day trial` : ''}
                    </div>
                  </Td>
                  <Td align="right">
                    <Money amount={baseFee(current)} currency={current.currency} muteZero />
                  </Td>
                  <Td className="min-w-56 whitespace-normal!">
                    {current.charges.length === 0 ? (
                      'No charges'
                    ) : (
                      <ul className="space-y-0.5">
                        {current.charges.map((c, i) => (
                          <li key={i}>{chargeSummary(c)}</li>
                        ))}
                      </ul>
                    )}
                  </Td>
                  <Td align="right" strong>
                    <span data-testid="plan-subscriptions">{liveSubscriptions}</span>
                  </Td>
                  <Td>
                    <span data-testid="plan-version">v{current.version}</span>
                    <div className="text-xs text-slate-500">
                      {versions.length === 1 ? 'the only version' : `of ${versions.length}: ${versions.map((v) => `v${v.version}`).join(', ')}`}
                    </div>
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title={`Billable metrics (${metrics.length})`} testId="catalog-metrics">
        <Table label="Billable metrics">
          <THead>
            <Th>Metric</Th>
            <Th>Unit</Th>
            <Th>Aggregation</Th>
            <Th>Dimensions</Th>
            <Th align="right">Unit cost</Th>
          </THead>
          <TBody>
            {metrics.length === 0 ? (
              <EmptyRow colSpan={5}>No metrics yet.</EmptyRow>
            ) : (
              metrics.map((m) => (
                <tr key={m.code} data-testid="metric-row" data-metric-code={m.code}>
                  <Td strong>
                    <Link href={`/admin/catalog/metrics/${encodeURIComponent(m.code)}`} className="hover:text-indigo-700 hover:underline" data-testid="metric-link">
                      {m.name}
                    </Link>
                    {m.archived ? <StatusBadge status="archived" label="Archived" /> : null}
                    <div className="font-mono text-xs font-normal text-slate-500">{m.code}</div>
                  </Td>
                  <Td>{m.unit}</Td>
                  <Td>
                    {humanize(m.aggregation)}
                    {m.property ? <span className="text-slate-500"> of {m.property}</span> : null}
                  </Td>
                  <Td>{m.dimensions.length ? m.dimensions.join(', ') : '—'}</Td>
                  <Td align="right">{m.unit_cost !== null && m.unit_cost_currency ? formatUnitPrice(m.unit_cost, m.unit_cost_currency) : '—'}</Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      {readOnly ? null : (
        <Section title="New metric" testId="catalog-new-metric">
          <MetricForm defaultCurrency={scope.config.defaultCurrency} />
        </Section>
      )}
    </>
  );
}
