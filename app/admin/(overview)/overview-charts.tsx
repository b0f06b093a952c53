// The admin overview's trend charts: month-end MRR, invoiced against collected, money owed by age, the
// payment success rate and the recent gross margin. One chart per currency wherever amounts are
// drawn: currencies are never added together. The figures come computed (lib/revenue/overview-charts.ts,
// lib/margins); this file only words and draws them, summing exactly where a summary needs a total.
import Decimal from 'decimal.js';
import { BarChart, type ChartGroup, type ChartTone } from '@/components/bar-chart';
import { Section } from '@/components/section';
import { ExactDecimal } from '@/lib/billing/exact-decimal';
import type { OverviewCharts as ChartFigures } from '@/lib/admin-overview/get-overview-charts';
import { formatMoney } from '@/lib/format/format-money';
import { formatMonth } from '@/lib/format/format-date';
import { formatPercent } from '@/lib/format/format-percent';
import type { Margins } from '@/lib/margins/get-margins';
import type { TrendMonth } from '@/lib/revenue/month-end-mrr';
import { startOfUtcMonth } from '@/lib/revenue/month-end-mrr';
import type { AgingBucketKey } from '@/lib/revenue/overview-charts';

const shortMonth = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short' });

/** An axis tick in a currency, short: "$1.2K", "€300" (display only). */
function moneyTick(currency: string) {
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), notation: 'compact', maximumFractionDigits: 1 });
  return (value: number) => format.format(value);
}

const monthStart = (month: TrendMonth) => startOfUtcMonth(new Date(`${month.month}-01T00:00:00Z`));
const monthTitle = (month: TrendMonth) => `${formatMonth(monthStart(month))}${month.toDate ? ' (to date)' : ''}`;
const monthLabel = (month: TrendMonth) => shortMonth.format(monthStart(month));
const range = (months: TrendMonth[]) => `${formatMonth(monthStart(months[0]!))} to ${monthTitle(months.at(-1)!)}`;

const sum = (values: string[]) => values.reduce((total, v) => total.plus(v), new ExactDecimal(0) as Decimal);

function MrrTrendCharts({ trend }: { trend: ChartFigures['mrrTrend'] }) {
  const { months, series } = trend;
  if (series.length === 0) {
    return <BarChart testId="mrr-trend-chart" title="Monthly recurring revenue" summary="No plans yet, so no recurring revenue to chart." series={[]} groups={[]} formatTick={String} tableLabel="MRR by month" groupHeading="Month" empty="No plans yet." />;
  }
  return series.map(({ currency, points }) => {
    const groups: ChartGroup[] = points.map((point, i) => ({
      key: point.month,
      label: monthLabel(months[i]!),
      title: monthTitle(months[i]!),
      values: { mrr: { value: point.mrr, text: formatMoney(point.mrr, currency) } },
    }));
    const peak = points.reduce((best, p) => (new ExactDecimal(p.mrr).gt(best.mrr) ? p : best), points[0]!);
    const peakMonth = months[points.indexOf(peak)]!;
    const summary = `Monthly recurring revenue in ${currency.toUpperCase()} at each month’s end, ${range(months)}: ${formatMoney(points[0]!.mrr, currency)} at the start, ${formatMoney(points.at(-1)!.mrr, currency)} now, the highest ${formatMoney(peak.mrr, currency)} in ${monthTitle(peakMonth)}.`;
    return (
      <div key={currency} data-testid="mrr-trend" data-currency={currency} data-latest={points.at(-1)!.mrr}>
        <BarChart
          testId="mrr-trend-chart"
          title={`MRR, ${currency.toUpperCase()}`}
          note="At each month’s end; fixed fees"
          summary={summary}
          series={[{ key: 'mrr', label: 'MRR', tone: 'indigo', named: true }]}
          groups={groups}
          formatTick={moneyTick(currency)}
          tableLabel={`MRR in ${currency.toUpperCase()} by month`}
          groupHeading="Month"
        />
      </div>
    );
  });
}

function CashflowCharts({ cashflow }: { cashflow: ChartFigures['cashflow'] }) {
  const { months, series } = cashflow;
  if (series.length === 0) {
    return <BarChart testId="cashflow-chart" title="Invoiced and collected" summary={`No invoices issued and no payments received, ${range(months)}.`} series={[]} groups={[]} formatTick={String} tableLabel="Invoiced and collected by month" groupHeading="Month" empty="No invoices or payments in the last 12 months." />;
  }
  return series.map(({ currency, points }) => {
    const groups: ChartGroup[] = points.map((point, i) => ({
      key: point.month,
      label: monthLabel(months[i]!),
      title: monthTitle(months[i]!),
      values: {
        invoiced: { value: point.invoiced, text: formatMoney(point.invoiced, currency) },
        collected: { value: point.collected, text: formatMoney(point.collected, currency) },
      },
    }));
    const invoiced = sum(points.map((p) => p.invoiced));
    const collected = sum(points.map((p) => p.collected));
    const summary = `In ${currency.toUpperCase()}, ${range(months)}: ${formatMoney(invoiced, currency)} invoiced and ${formatMoney(collected, currency)} collected.`;
    return (
      <div key={currency} data-testid="cashflow" data-currency={currency}>
        <BarChart
          testId="cashflow-chart"
          title={`Invoiced and collected, ${currency.toUpperCase()}`}
          note="Per month; invoices with tax, payments less refunds"
          summary={summary}
          series={[
            { key: 'invoiced', label: 'Invoiced', tone: 'indigo' },
            { key: 'collected', label: 'Collected', tone: 'emerald' },
          ]}
          groups={groups}
          formatTick={moneyTick(currency)}
          tableLabel={`Invoiced and collected in ${currency.toUpperCase()} by month`}
          groupHeading="Month"
        />
      </div>
    );
  });
}

const AGE_TONE: Record<AgingBucketKey, ChartTone> = { not_due: 'slate', days_0_30: 'amber', days_31_60: 'amber', days_61_90: 'red', days_over_90: 'red' };
const AGE_LABEL: Record<AgingBucketKey, string> = { not_due: 'Not due', days_0_30: '0–30', days_31_60: '31–60', days_61_90: '61–90', days_over_90: '90+' };

function AgingCharts({ aging, defaultCurrency }: { aging: ChartFigures['aging']; defaultCurrency: string }) {
  if (aging.length === 0) {
    return <BarChart testId="aging-chart" title="Outstanding by age" summary="Nothing is owed on open invoices." series={[]} groups={[]} formatTick={String} tableLabel="Outstanding by age" groupHeading="Days past due" empty="Nothing is owed." />;
  }
  const ordered = [...aging].sort((a, b) => Number(b.currency === defaultCurrency) - Number(a.currency === defaultCurrency) || a.currency.localeCompare(b.currency));
  return ordered.map(({ currency, total, buckets }) => {
    const groups: ChartGroup[] = buckets.map((bucket) => ({
      key: bucket.key,
      label: AGE_LABEL[bucket.key],
      title: bucket.key === 'not_due' ? 'Not yet due' : `${bucket.label} past due`,
      values: { owed: { value: bucket.amount, text: `${formatMoney(bucket.amount, currency)} on ${bucket.invoices} invoice${bucket.invoices === 1 ? '' : 's'}`, tone: AGE_TONE[bucket.key] } },
    }));
    const summary = `${formatMoney(total, currency)} outstanding in ${currency.toUpperCase()}: ${buckets.map((b) => `${formatMoney(b.amount, currency)} ${b.key === 'not_due' ? 'not yet due' : `${b.label} past due`}`).join(', ')}.`;
    return (
      <div key={currency} data-testid="aging" data-currency={currency} data-total={total}>
        <BarChart
          testId="aging-chart"
          title={`Outstanding by age, ${currency.toUpperCase()}`}
          note="Open invoices, by days past due"
          summary={summary}
          series={[{ key: 'owed', label: 'Owed', tone: 'amber' }]}
          groups={groups}
          formatTick={moneyTick(currency)}
          tableLabel={`Outstanding in ${currency.toUpperCase()} by days past due`}
          groupHeading="Days past due"
        />
      </div>
    );
  });
}

function SuccessRateChart({ rates }: { rates: ChartFigures['successRates'] }) {
  const groups: ChartGroup[] = rates.map((r) => ({
    key: `${r.days}`,
    label: `${r.days} days`,
    title: `Last ${r.days} days`,
    values: {
      rate: {
        value: r.rate ?? '0',
        text: r.rate === null ? 'no payments attempted' : `${formatPercent(r.rate)} (${r.succeeded} of ${r.attempted} attempts succeeded)`,
        tone: r.rate !== null && new ExactDecimal(r.rate).lt(80) ? 'amber' : 'emerald',
      },
    },
  }));
  const summary = `Payments that succeeded out of those attempted: ${groups.map((g) => `${g.title.toLowerCase()}, ${g.values.rate!.text}`).join('; ')}.`;
  return (
    <div data-testid="success-rate">
      <BarChart
        testId="success-rate-chart"
        title="Payment success rate"
        note="Succeeded ÷ attempted; pending left out"
        summary={summary}
        series={[{ key: 'rate', label: 'Success rate', tone: 'emerald' }]}
        groups={groups}
        domainMax={100}
        formatTick={(v) => `${v}%`}
        tableLabel="Payment success rate"
        groupHeading="Window"
      />
    </div>
  );
}

function MarginCharts({ margins }: { margins: Margins }) {
  const span = `${margins.from} to ${margins.to}`;
  if (!margins.unit_costs_set || margins.data.length === 0) {
    const why = !margins.unit_costs_set ? 'No metric has a unit cost yet, so costs are unknown.' : 'No invoices were issued in the last 30 days.';
    return <BarChart testId="margin-chart" title="Gross margin, last 30 days" summary={why} series={[]} groups={[]} formatTick={String} tableLabel="Gross margin" groupHeading="Figure" empty={why} />;
  }
  return margins.data.map((m) => {
    const figure = (key: string, label: string, amount: string, tone: ChartTone): ChartGroup => ({ key, label, title: label, values: { amount: { value: amount, text: formatMoney(amount, m.currency), tone } } });
    const negative = new ExactDecimal(m.gross_margin).isNegative();
    const groups = [
      figure('revenue', 'Revenue', m.revenue, 'indigo'),
      figure('cost', 'Cost', m.cost, 'amber'),
      figure('margin', 'Gross margin', m.gross_margin, negative ? 'red' : 'emerald'),
    ];
    const summary = `In ${m.currency.toUpperCase()}, invoices issued ${span}: revenue ${formatMoney(m.revenue, m.currency)}, cost ${formatMoney(m.cost, m.currency)}, gross margin ${formatMoney(m.gross_margin, m.currency)}${m.margin_percent === null ? '' : ` (${formatPercent(m.margin_percent)})`}${m.cost_complete ? '' : '; some units have no unit cost in this currency and are left out of the cost'}.`;
    return (
      <div key={m.currency} data-testid="margin" data-currency={m.currency}>
        <BarChart
          testId="margin-chart"
          title={`Gross margin, last 30 days, ${m.currency.toUpperCase()}`}
          note={m.margin_percent === null ? undefined : `Margin ${formatPercent(m.margin_percent)}`}
          summary={summary}
          series={[{ key: 'amount', label: 'Amount', tone: 'indigo' }]}
          groups={groups}
          formatTick={moneyTick(m.currency)}
          tableLabel={`Gross margin in ${m.currency.toUpperCase()}`}
          groupHeading="Figure"
        />
      </div>
    );
  });
}

export function OverviewCharts({ charts, margins, defaultCurrency }: { charts: ChartFigures; margins: Margins; defaultCurrency: string }) {
  return (
    <Section title="Trends" aside={<span className="text-slate-500">Focus a chart and use the arrow keys to read each bar</span>} testId="overview-charts">
      <div className="grid min-w-0 gap-4 lg:grid-cols-2">
        <MrrTrendCharts trend={charts.mrrTrend} />
        <CashflowCharts cashflow={charts.cashflow} />
        <AgingCharts aging={charts.aging} defaultCurrency={defaultCurrency} />
        <SuccessRateChart rates={charts.successRates} />
        <MarginCharts margins={margins} />
      </div>
    </Section>
  );
}
