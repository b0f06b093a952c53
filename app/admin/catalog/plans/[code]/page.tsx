import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BackLink } from '@/components/back-link';
import { AuditHistory } from '@/components/audit/audit-history';
import { Money } from '@/components/money';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { listMetricUnitCosts } from '@/lib/admin-overview/list-metric-unit-costs';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { planCodeSchema } from '@/lib/catalog/catalog-schemas';
import { describeCharges } from '@/lib/catalog/describe-charges';
import { getPlanDetail } from '@/lib/catalog/get-plan-detail';
import { planFormValuesOf } from '@/lib/catalog/plan-form';
import type { PlanView } from '@/lib/catalog/plan-view';
import { formatDate, formatDateTime } from '@/lib/format/format-date';
import { formatInterval } from '@/lib/format/format-text';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { PlanForm } from '../../plan-form';
import { advanceWords, alignmentWords, baseFee } from '../../plan-words';

export const metadata: Metadata = { title: 'Plan' };

function ChargesInWords({ plan, units }: { plan: PlanView; units: ReadonlyMap<string, string> }) {
  if (plan.charges.length === 0) return <p className="text-sm text-slate-600">No charges.</p>;
  return (
    <ul className="space-y-2 text-sm" data-testid="plan-charges">
      {describeCharges(plan.charges, plan, units).map((d, i) => (
        <li key={i} data-testid="plan-charge">
          <span className="font-medium text-slate-900">{d.label}</span> <span className="text-slate-500">({plan.charges[i]!.model.replace('_', ' ')})</span>: <span className="text-slate-700">{d.text}</span>
          {d.tiers ? (
            <ol className="mt-1 ml-5 list-disc space-y-0.5 text-slate-700">
              {d.tiers.map((t, j) => (
                <li key={j}>{t}</li>
              ))}
            </ol>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * One plan: what its current version charges in words, its live subscriptions, every version with
 * its charges, who made each version (its audit history), and for admins the form that makes the next
 * version from the current one.
 */
export default async function AdminPlanPage({ params, searchParams }: { params: Promise<{ code: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { code } = await params;
  const scope = await requireAdminWorkspace(`/admin/catalog/plans/${encodeURIComponent(code)}`);
  // a code the API could never have made is no plan: a 404 before it reaches the database
  if (!planCodeSchema.safeParse(code).success) notFound();
  const detail = await getPlanDetail(scope.database.db, code);
  if (!detail) notFound();
  const readOnly = !mayWrite(scope.role);
  const { current, versions, units } = detail;
  const saved = (await searchParams).saved;
  const savedVersion = typeof saved === 'string' ? versions.find((v) => String(v.version) === saved) : undefined;
  const metrics = readOnly ? [] : (await listMetricUnitCosts(scope)).map(({ code: metric, name, unit }) => ({ code: metric, name, unit }));

  return (
    <>
      <BackLink href="/admin/catalog" label="Catalog" />
      <PageHeader
        title={current.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono break-all">{current.code}</span>
            <span>
              version {current.version} of {versions.length}
            </span>
          </span>
        }
      />
      {savedVersion ? (
        <div className="mb-6">
          <Notice testId="plan-saved">{savedVersion.version === 1 ? `Plan ${current.code} created.` : `Version ${savedVersion.version} saved; subscriptions move to it at their next renewal.`}</Notice>
        </div>
      ) : null}

      <div className="grid gap-4 md:grid-cols-3">
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs md:col-span-2" data-testid="plan-summary">
          <h2 className="text-sm font-medium text-slate-500">Version {current.version} charges</h2>
          <div className="mt-3">
            <ChargesInWords plan={current} units={units} />
          </div>
          {current.description ? <p className="mt-4 text-sm text-slate-600">{current.description}</p> : null}
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <dl className="space-y-3 text-sm">
            {(
              [
                ['Base fee', <Money key="fee" amount={baseFee(current)} currency={current.currency} />],
                ['Billed', `${current.currency.toUpperCase()} ${formatInterval(current.interval, current.interval_count)}`],
                ['Periods', alignmentWords(current)],
                ['Flat fees', advanceWords(current)],
                ['Trial', current.trial_days ? `${current.trial_days} days` : 'None'],
                ['Live subscriptions', <span key="live" data-testid="plan-live-subscriptions">{detail.liveSubscriptions}</span>],
              ] as const
            ).map(([term, value]) => (
              <div key={term} className="flex justify-between gap-4">
                <dt className="text-slate-500">{term}</dt>
                <dd className="text-right text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </div>
      </div>

      <Section title={`Subscriptions (${detail.liveSubscriptions})`} testId="plan-subscriptions" aside={detail.liveSubscriptions > detail.subscriptions.length ? <span className="text-slate-500">The newest {detail.subscriptions.length}</span> : undefined}>
        <Table label="Live subscriptions">
          <THead>
            <Th>Customer</Th>
            <Th>Status</Th>
            <Th>On version</Th>
            <Th>Since</Th>
            <Th>Current period ends</Th>
          </THead>
          <TBody>
            {detail.subscriptions.length === 0 ? (
              <EmptyRow colSpan={5}>No live subscription on this plan.</EmptyRow>
            ) : (
              detail.subscriptions.map((s) => (
                <tr key={s.id} data-testid="plan-subscription-row">
                  <Td strong>
                    <Link href={`/admin/customers/${s.customerId}`} className="hover:text-indigo-700 hover:underline">
                      {s.customerName}
                    </Link>
                  </Td>
                  <Td>
                    <StatusBadge status={s.status} />
                  </Td>
                  <Td>v{s.version}</Td>
                  <Td>{formatDate(s.startDate)}</Td>
                  <Td>{formatDate(s.currentPeriodEnd)}</Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title={`Versions (${versions.length})`} testId="plan-versions">
        <ol className="space-y-3">
          {versions.map((v) => (
            <li key={v.id} className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs" data-testid="plan-version-row" data-version={v.version}>
              <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="font-medium text-slate-900">Version {v.version}</span>
                {v.is_current ? <StatusBadge status="active" label="Current" /> : null}
                <span className="text-sm text-slate-500">made {formatDateTime(v.created)}</span>
                <span className="text-sm text-slate-600">
                  {v.name} · <Money amount={baseFee(v)} currency={v.currency} /> {formatInterval(v.interval, v.interval_count)} · {alignmentWords(v)} · {advanceWords(v)}
                  {v.trial_days ? ` · ${v.trial_days}-day trial` : ''}
                </span>
              </div>
              {v.is_current ? null : (
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-indigo-700 hover:underline">Its charges</summary>
                  <div className="mt-2">
                    <ChargesInWords plan={v} units={units} />
                  </div>
                </details>
              )}
            </li>
          ))}
        </ol>
      </Section>

      <AuditHistory scope={scope} entityType="plan" entityId={versions.map((v) => v.id)} testId="plan-history" />

      {readOnly ? (
        <div className="mt-8">
          <Notice testId="catalog-view-only">View only: your role in this workspace (viewer) sees the plan but cannot change it.</Notice>
        </div>
      ) : (
        <Section title={`Change the plan (makes version ${current.version + 1})`} testId="plan-edit">
          <p className="mb-3 text-sm text-slate-600">Starts from version {current.version}. Invoices already issued keep the version they were made on; each subscription moves to the new one when its next period opens.</p>
          <PlanForm key={current.id} mode="edit" initial={planFormValuesOf(current)} metrics={metrics} submitLabel={`Save as version ${current.version + 1}`} cancelHref={`/admin/catalog/plans/${encodeURIComponent(current.code)}`} />
        </Section>
      )}
    </>
  );
}
