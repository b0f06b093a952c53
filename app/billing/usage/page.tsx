import type { Metadata } from 'next';
import Link from 'next/link';
import { BudgetMeter } from '@/components/budget-meter';
import { Money } from '@/components/money';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatCard } from '@/components/stat-card';
import { StatusBadge } from '@/components/status-badge';
import { toExact } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import { getCustomerBudget } from '@/lib/dashboard/get-customer-budget';
import { getCustomerUsage } from '@/lib/dashboard/get-customer-usage';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { requireSession } from '@/lib/dashboard/require-session';
import { formatDate, formatDateRange, formatPeriod } from '@/lib/format/format-date';
import { DAY_MS, lastUtcDayOfPeriod, parseUtcDay, utcDay } from '@/lib/time/utc-day';
import { chartAllowance, chartMetrics } from '@/lib/usage/chart-choice';
import { CHART_DAY_OPTIONS, parseChartDays, type ChartDays } from '@/lib/usage/chart-geometry';
import { NoBillingAccount } from '../no-billing-account';
import { MeteredChargesTable } from './metered-charges-table';
import { UsageChart } from './usage-chart';
import { UsageEstimateTable } from './usage-estimate';
import { UsageTotals } from './usage-totals';

export const metadata: Metadata = { title: 'Usage' };

const usageHref = (metric: string | null, days: ChartDays) => {
  const query = new URLSearchParams();
  if (metric) query.set('metric', metric);
  if (days !== CHART_DAY_OPTIONS[0]) query.set('days', String(days));
  const text = query.toString();
  return text ? `/billing/usage?${text}` : '/billing/usage';
};

export default async function BillingUsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession('/billing/usage');
  const now = new Date();
  const params = await searchParams;
  const days = parseChartDays(params.days);
  const usage = await getCustomerUsage(session, { now, days });
  if (!usage) {
    return (
      <>
        <PageHeader title="Usage" />
        <NoBillingAccount email={session.email} isAdmin={await mayUseAdmin(session)} />
      </>
    );
  }
  const { summary, metrics, daily } = usage;
  const budget = (await getCustomerBudget(session, { now }))?.budget ?? null;
  const { estimate, subscription, currency } = summary;
  const periodStart = new Date(summary.period.start);
  const periodEnd = new Date(summary.period.end);
  const daysLeft = Math.max(0, Math.ceil((periodEnd.getTime() - now.getTime()) / DAY_MS));
  // money is added exactly and rounded to the currency once
  const usageCost = moneyString(
    summary.metrics.reduce((sum, c) => sum.plus(toExact(c.overage_amount, 'overage_amount')), toExact(0)),
    currency,
  );

  const raw = params.metric;
  const requested = Array.isArray(raw) ? raw[0] : raw;
  const { options, fallback } = chartMetrics(usage);
  const selected =
    requested && daily.series.some((s) => s.metric === requested) ? requested : fallback;
  const pickerCodes = selected && !options.includes(selected) ? [...options, selected] : options;
  const selectedSeries = daily.series.find((s) => s.metric === selected) ?? null;
  const metricName = new Map(metrics.map((m) => [m.code, m.name]));
  const periodDays = Math.round((periodEnd.getTime() - periodStart.getTime()) / DAY_MS);

  return (
    <>
      <PageHeader
        title="Usage"
        description={
          <>
            Current billing period <span data-testid="usage-period" className="font-medium text-slate-700">{formatPeriod(periodStart, periodEnd)}</span>{' '}
            ·{' '}
            <span data-testid="usage-plan-name" className="font-medium text-slate-700">
              {subscription?.plan_name ?? 'No subscription'}
            </span>
          </>
        }
        actions={subscription && subscription.status !== 'active' ? <StatusBadge status={subscription.status} /> : null}
      />

      {!subscription ? (
        <div className="mb-6">
          <Notice title="No active subscription" testId="usage-no-subscription">
            There is no active subscription on this account, so usage is not billed. Usage that is reported still shows below.
          </Notice>
        </div>
      ) : null}

      <div className="grid gap-4 md:grid-cols-3">
        <StatCard
          label="Estimated invoice"
          testId="usage-estimate-card"
          value={<Money amount={estimate.total} currency={estimate.currency} />}
          hint={estimate.trial ? 'Trial period, not charged' : 'If the period closed with the usage so far'}
        />
        <StatCard
          label="Usage charges so far"
          testId="usage-cost-card"
          value={<Money amount={usageCost} currency={currency} />}
          hint={`Across ${summary.metrics.length} metered ${summary.metrics.length === 1 ? 'charge' : 'charges'}`}
        />
        <StatCard
          label="Last day of the period"
          testId="usage-period-end-card"
          value={formatDate(parseUtcDay(lastUtcDayOfPeriod(periodEnd)))}
          hint={daysLeft === 1 ? '1 day left' : `${daysLeft} days left`}
        />
      </div>

      <Section
        title="Budget"
        testId="usage-budget"
        aside={
          budget ? (
            <Link href="/billing/settings#budget" className="font-medium text-indigo-700 hover:text-indigo-600">
              Change budget
            </Link>
          ) : null
        }
      >
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          {budget ? (
            <>
              <BudgetMeter spend={budget.current_period.spend} amount={budget.amount} currency={budget.currency} percentUsed={budget.current_period.percent_used} />
              <p className="mt-2 text-xs text-slate-500">The estimated invoice’s subtotal before tax, against your budget for this period.</p>
            </>
          ) : (
            <p data-testid="usage-budget-none" className="text-sm text-slate-600">
              No budget is set.{' '}
              <Link href="/billing/settings#budget" className="font-medium text-indigo-700 underline hover:text-indigo-600">
                Set a budget in settings
              </Link>{' '}
              to get an email as your spending reaches it.
            </p>
          )}
        </div>
      </Section>

      <Section title="Metered charges this period" testId="usage-charges" aside={<span className="text-slate-500">Included allowance and overage</span>}>
        <MeteredChargesTable charges={summary.metrics} />
      </Section>

      <Section title="Today and this month" testId="usage-totals-section">
        <UsageTotals metrics={metrics} today={summary.today} month={summary.month} now={now} />
      </Section>

      <Section
        title="Estimated invoice"
        testId="usage-estimate-section"
        aside={<span className="text-slate-500">Based on usage reported so far</span>}
      >
        <UsageEstimateTable estimate={estimate} />
      </Section>

      <Section
        title={`Daily usage, last ${days} days`}
        testId="usage-daily"
        aside={
          <span className="text-slate-500">
            {formatDateRange(parseUtcDay(daily.from), parseUtcDay(daily.to))}
          </span>
        }
      >
        {pickerCodes.length > 0 ? (
          <nav aria-label="Metric" data-testid="metric-picker" className="mb-3 flex flex-wrap gap-2">
            {pickerCodes.map((code) => {
              const active = code === selected;
              return (
                <Link
                  key={code}
                  href={usageHref(code, days)}
                  scroll={false}
                  aria-current={active ? 'true' : undefined}
                  data-testid="metric-option"
                  data-metric={code}
                  className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${
                    active ? 'bg-indigo-600 text-white ring-indigo-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
                  }`}
                >
                  {metricName.get(code) ?? code}
                </Link>
              );
            })}
          </nav>
        ) : null}
        <nav aria-label="Days shown" data-testid="days-picker" className="mb-3 inline-flex rounded-md shadow-xs">
          {CHART_DAY_OPTIONS.map((option, i) => {
            const active = option === days;
            return (
              <Link
                key={option}
                href={usageHref(selected, option)}
                scroll={false}
                aria-current={active ? 'true' : undefined}
                data-testid="days-option"
                className={`px-3 py-1.5 text-sm font-medium ring-1 ring-inset ${i === 0 ? 'rounded-l-md' : '-ml-px rounded-r-md'} ${
                  active ? 'z-10 bg-indigo-600 text-white ring-indigo-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
                }`}
              >
                {option} days
              </Link>
            );
          })}
        </nav>
        {selectedSeries ? (
          <UsageChart
            series={selectedSeries}
            from={daily.from}
            to={daily.to}
            allowance={chartAllowance(usage, selected, periodDays)}
            periodStartDay={subscription ? utcDay(periodStart) : null}
          />
        ) : (
          <p className="text-sm text-slate-500">No metrics are set up yet.</p>
        )}
      </Section>
    </>
  );
}
