import type { Metadata } from 'next';
import { Fragment } from 'react';
import Link from 'next/link';
import { Money } from '@/components/money';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatCard } from '@/components/stat-card';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { getAdminOverview } from '@/lib/admin-overview/get-admin-overview';
import { getOverviewCharts } from '@/lib/admin-overview/get-overview-charts';
import { getRecentMargins, RECENT_MARGIN_DAYS } from '@/lib/admin-overview/get-recent-margins';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatDateTime, formatDuration } from '@/lib/format/format-date';
import { formatPercent } from '@/lib/format/format-percent';
import { humanize } from '@/lib/format/format-text';
import { OverviewCharts } from './overview-charts';

export const metadata: Metadata = { title: 'Admin overview' };

function planShare(count: number, total: number): string {
  return total === 0 ? '—' : `${Math.round((count / total) * 100)}%`;
}

export default async function AdminOverviewPage() {
  const scope = await requireAdminWorkspace('/admin');
  // one request time for every figure on the page, so the charts and the cards agree
  const now = new Date();
  const overview = getAdminOverview(scope);
  const [{ summary, plans, automationRuns }, margins, charts] = await Promise.all([overview, getRecentMargins(scope, now), getOverviewCharts(scope, now, overview.then((o) => o.summary.mrr_by_currency))]);
  const otherMrr = Object.entries(summary.mrr_by_currency).filter(
    ([currency, amount]) => currency !== summary.currency && !toExact(amount, 'mrr').isZero(),
  );
  // the default currency first, the others alphabetically
  const outstanding = Object.entries(summary.outstanding).sort(([a], [b]) =>
    a === summary.currency ? -1 : b === summary.currency ? 1 : a.localeCompare(b),
  );

  const totalPlanned = plans.reduce((sum, plan) => sum + plan.count, 0);
  // the plan table's currencies in its order (the default first): each gets its own total row
  const planCurrencies = [...new Set(plans.map((plan) => plan.currency))];

  return (
    <>
      <PageHeader title="Overview" description="Recurring revenue from fixed fees, subscriptions and money still owed." />

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard
          testId="mrr"
          label="Monthly recurring revenue"
          value={<Money amount={summary.mrr} currency={summary.currency} />}
          hint={
            otherMrr.length > 0 ? (
              <>
                Also{' '}
                {otherMrr.map(([currency, amount], index) => (
                  <span key={currency}>
                    {index > 0 ? ', ' : null}
                    <Money amount={amount} currency={currency} />
                  </span>
                ))}
              </>
            ) : (
              'Fixed fees of active and past-due subscriptions'
            )
          }
        />
        <StatCard
          testId="arr"
          label="Annual run rate"
          value={<Money amount={summary.arr} currency={summary.currency} />}
          hint={
            <>
              MRR × 12
              {otherMrr.map(([currency]) => (
                <span key={currency}>
                  {', '}
                  <Money amount={summary.arr_by_currency[currency] ?? '0'} currency={currency} />
                </span>
              ))}
            </>
          }
        />
        <StatCard testId="customers-count" label="Customers" value={summary.total_customers} />
        <StatCard
          testId="outstanding"
          label="Outstanding"
          value={
            outstanding.length === 0 ? (
              <Money amount="0" currency={summary.currency} />
            ) : (
              <div className="space-y-0.5">
                {outstanding.map(([currency, amount]) => (
                  <div key={currency}>
                    <Money amount={amount} currency={currency} />
                  </div>
                ))}
              </div>
            )
          }
          hint={
            <Link href="/admin/invoices" className="text-indigo-600 hover:text-indigo-800">
              On open invoices →
            </Link>
          }
        />
      </div>

      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <StatCard testId="active-subscriptions" label="Active subscriptions" value={summary.active_subscriptions} />
        <StatCard testId="trial-subscriptions" label="Trialing" value={summary.trial_subscriptions} />
        <StatCard
          testId="past-due-subscriptions"
          label="Past due"
          value={<span className={summary.past_due_subscriptions > 0 ? 'text-amber-700' : undefined}>{summary.past_due_subscriptions}</span>}
        />
      </div>

      <div className="mt-4 grid gap-4 sm:grid-cols-2">
        {/* the window's days, for whoever checks the figures against GET /api/admin/billing/margins */}
        <div data-testid="gross-margin-window" data-from={margins.from} data-to={margins.to}>
          <StatCard
            testId="gross-margin"
            label={`Gross margin, last ${RECENT_MARGIN_DAYS} days`}
            value={
              !margins.unit_costs_set ? (
                <span className="text-base font-medium text-slate-500">Not measured yet</span>
              ) : margins.data.length === 0 ? (
                <span className="text-base font-medium text-slate-500">No invoices issued</span>
              ) : (
                <div className="space-y-0.5">
                  {margins.data.map((m) => (
                    <div key={m.currency} data-testid="gross-margin-currency">
                      <Money amount={m.gross_margin} currency={m.currency} className={m.gross_margin.startsWith('-') ? 'text-red-700' : undefined} />
                      {m.margin_percent !== null ? <span className="ml-2 text-sm font-medium text-slate-500">{formatPercent(m.margin_percent)}</span> : null}
                    </div>
                  ))}
                </div>
              )
            }
            hint={
              !margins.unit_costs_set ? (
                <Link href="/admin/pricing" className="text-indigo-600 hover:text-indigo-800">
                  Set unit costs on metrics to see margins →
                </Link>
              ) : margins.data.some((m) => !m.cost_complete) ? (
                'Revenue less the cost of billed units; some units have no unit cost in their currency, so their cost is left out'
              ) : (
                'Invoiced revenue less what the billed units cost you'
              )
            }
          />
        </div>
      </div>

      <OverviewCharts charts={charts} margins={margins} defaultCurrency={summary.currency} />

      <Section title="Subscriptions by plan" aside={<span className="text-slate-500">MRR counts fixed fees; usage is billed on top</span>} testId="plan-breakdown">
        <Table label="Subscriptions by plan">
          <THead>
            <Th>Plan</Th>
            <Th align="right">Subscriptions</Th>
            <Th align="right">In trial</Th>
            <Th align="right">Share</Th>
            <Th align="right">MRR</Th>
          </THead>
          <TBody>
            {plans.length === 0 ? (
              <EmptyRow colSpan={5}>No live subscriptions yet.</EmptyRow>
            ) : (
              planCurrencies.map((currency) => (
                <Fragment key={currency}>
                  {plans
                    .filter((plan) => plan.currency === currency)
                    .map((plan) => (
                      <tr key={plan.code} data-testid="plan-row" data-currency={plan.currency}>
                        <Td strong>{plan.name}</Td>
                        <Td align="right">{plan.count}</Td>
                        <Td align="right">{plan.trialing}</Td>
                        <Td align="right">{planShare(plan.count, totalPlanned)}</Td>
                        <Td align="right">
                          <Money amount={plan.revenue} currency={plan.currency} />
                        </Td>
                      </tr>
                    ))}
                  <tr data-testid="plan-total-row" data-currency={currency} className="bg-slate-50/80">
                    <Td strong>Total in {currency.toUpperCase()}</Td>
                    <Td align="right" strong>
                      {plans.filter((plan) => plan.currency === currency).reduce((sum, plan) => sum + plan.count, 0)}
                    </Td>
                    <Td align="right" strong>
                      {plans.filter((plan) => plan.currency === currency).reduce((sum, plan) => sum + plan.trialing, 0)}
                    </Td>
                    <Td align="right"> </Td>
                    <Td align="right" strong>
                      <Money amount={summary.mrr_by_currency[currency] ?? '0'} currency={currency} />
                    </Td>
                  </tr>
                </Fragment>
              ))
            )}
          </TBody>
        </Table>
      </Section>
      <Section title="Latest billing runs" testId="automation-runs">
        <Table label="Latest billing runs">
          <THead>
            <Th>Started</Th>
            <Th>Trigger</Th>
            <Th>Status</Th>
            <Th align="right">Processed</Th>
            <Th align="right">Invoiced</Th>
            <Th align="right">Failed</Th>
            <Th align="right">Duration</Th>
          </THead>
          <TBody>
            {automationRuns.length === 0 ? (
              <EmptyRow colSpan={7}>Billing has not run yet.</EmptyRow>
            ) : (
              automationRuns.map((run) => (
                <tr key={run.id} data-testid="automation-run-row">
                  <Td>{formatDateTime(run.startedAt)}</Td>
                  <Td>{humanize(run.trigger)}</Td>
                  <Td>
                    <StatusBadge status={run.status} />
                  </Td>
                  <Td align="right">{run.processed}</Td>
                  <Td align="right">{run.invoiced}</Td>
                  <Td align="right" className={run.failed > 0 ? 'font-medium text-red-700' : undefined}>
                    {run.failed}
                  </Td>
                  <Td align="right">{formatDuration(run.durationMs)}</Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>
    </>
  );
}
