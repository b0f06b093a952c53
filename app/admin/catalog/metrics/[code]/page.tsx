import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BackLink } from '@/components/back-link';
import { AuditHistory } from '@/components/audit/audit-history';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { metricCodeSchema } from '@/lib/catalog/catalog-schemas';
import { getMetricDetail } from '@/lib/catalog/get-metric-detail';
import { formatDateTime } from '@/lib/format/format-date';
import { formatUnitPrice } from '@/lib/format/format-money';
import { humanize } from '@/lib/format/format-text';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { MetricForm } from '../../metric-form';

export const metadata: Metadata = { title: 'Metric' };

/**
 * One billable metric: how it counts (fixed once made: code, aggregation, property, dimensions), the
 * plans whose current version prices it, its History, and for admins the form that changes its name,
 * unit, description and unit cost (not versioned: none of them changes what was counted or billed).
 */
export default async function AdminMetricPage({ params }: { params: Promise<{ code: string }> }) {
  const { code } = await params;
  const scope = await requireAdminWorkspace(`/admin/catalog/metrics/${encodeURIComponent(code)}`);
  // a code the API could never have made is no metric: a 404 before it reaches the database
  if (!metricCodeSchema.safeParse(code).success) notFound();
  const detail = await getMetricDetail(scope.database.db, code);
  if (!detail) notFound();
  const { metric, plans } = detail;
  const readOnly = !mayWrite(scope.role);

  return (
    <>
      <BackLink href="/admin/catalog" label="Catalog" />
      <PageHeader
        title={metric.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono break-all">{metric.code}</span>
            {metric.archived ? <StatusBadge status="archived" label="Archived" /> : null}
          </span>
        }
      />

      <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs" data-testid="metric-summary">
        <dl className="grid gap-3 text-sm sm:grid-cols-2">
          {(
            [
              ['Unit', metric.unit],
              ['Counts', `${humanize(metric.aggregation)}${metric.property ? ` of ${metric.property}` : ''}`],
              ['Dimensions', metric.dimensions.length ? metric.dimensions.join(', ') : 'None'],
              ['Cost of one unit', metric.unit_cost !== null && metric.unit_cost_currency ? formatUnitPrice(metric.unit_cost, metric.unit_cost_currency) : 'Not set'],
              ['Created', formatDateTime(metric.created)],
              ['Description', metric.description ?? '—'],
            ] as const
          ).map(([term, value]) => (
            <div key={term} className="flex min-w-0 justify-between gap-4">
              <dt className="text-slate-500">{term}</dt>
              <dd className="min-w-0 text-right break-words text-slate-900" data-testid={`metric-${term.toLowerCase().replace(/ /g, '-')}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </div>

      <Section title={`Priced by (${plans.length})`} testId="metric-plans">
        <Table label="Plans that price this metric">
          <THead>
            <Th>Plan</Th>
            <Th>Version</Th>
            <Th>Charge</Th>
          </THead>
          <TBody>
            {plans.length === 0 ? (
              <EmptyRow colSpan={3}>No current plan prices this metric.</EmptyRow>
            ) : (
              plans.map((p) => (
                <tr key={`${p.code}-${p.model}`} data-testid="metric-plan-row">
                  <Td strong>
                    <Link href={`/admin/catalog/plans/${encodeURIComponent(p.code)}`} className="hover:text-indigo-700 hover:underline">
                      {p.name}
                    </Link>
                    <div className="font-mono text-xs font-normal text-slate-500">{p.code}</div>
                  </Td>
                  <Td>v{p.version}</Td>
                  <Td>{humanize(p.model)}</Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <AuditHistory scope={scope} entityType="billable_metric" entityId={metric.id} testId="metric-history" />

      {readOnly ? (
        <div className="mt-8">
          <Notice testId="catalog-view-only">View only: your role in this workspace (viewer) sees the metric but cannot change it.</Notice>
        </div>
      ) : (
        <Section title="Change the metric" testId="metric-edit">
          <p className="mb-3 text-sm text-slate-600">What it counts stays as made. Invoices already issued keep their lines’ words as issued; the unit cost prices the margins report.</p>
          <MetricForm
            mode="edit"
            defaultCurrency={scope.config.defaultCurrency}
            initial={{
              code: metric.code,
              name: metric.name,
              unit: metric.unit,
              aggregation: metric.aggregation,
              property: metric.property ?? '',
              dimensions: metric.dimensions.join(', '),
              description: metric.description ?? '',
              unit_cost: metric.unit_cost ?? '',
              unit_cost_currency: (metric.unit_cost_currency ?? '').toUpperCase(),
            }}
          />
        </Section>
      )}
    </>
  );
}
