import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { FilterProblems } from '@/components/filter-problems';
import { Money } from '@/components/money';
import { PageHeader } from '@/components/page-header';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatPercent } from '@/lib/format/format-percent';
import { humanize } from '@/lib/format/format-text';
import { givenParams, hrefWith, queryProblems, type SearchParams } from '@/lib/http/page-query';
import { getMrrReport } from '@/lib/revenue/mrr-report';
import { defaultReportRange, reportRangeQuery } from '@/lib/revenue/report-query';
import { getDeferredReport, getRevenueReport } from '@/lib/revenue/revenue-report';
import { getTaxReport } from '@/lib/revenue/tax-report';

export const metadata: Metadata = { title: 'Reports' };

const fieldClass =
  'w-full rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 focus:outline-none sm:w-auto';
const labelClass = 'mb-1 block text-xs font-medium text-slate-600';
const buttonClass = 'rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50';
const linkClass = 'text-sm font-medium text-indigo-700 hover:underline';

/** A fraction ('0.1667') as a percentage with two decimals ('16.67%'); a dash without a base. */
const rate = (fraction: string | null) => (fraction === null ? '—' : formatPercent(toExact(fraction).times(100).toFixed(2)));

function groupByCurrency<Row extends { currency: string }>(rows: Row[]): [string, Row[]][] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) groups.set(row.currency, [...(groups.get(row.currency) ?? []), row]);
  return [...groups];
}

function Report({ id, title, description, csv, children }: { id: string; title: string; description: ReactNode; csv: string; children: ReactNode }) {
  return (
    <section className="mt-10" aria-labelledby={`${id}-heading`} data-testid={`report-${id}`}>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${id}-heading`} className="text-base font-semibold text-slate-900">
          {title}
        </h2>
        <a href={csv} className={linkClass} data-testid={`report-${id}-csv`} download>
          Download CSV<span className="sr-only"> of the {title.toLowerCase()} report</span>
        </a>
      </div>
      <p className="mb-3 text-sm text-slate-600">{description}</p>
      <div className="space-y-4">{children}</div>
    </section>
  );
}

function CurrencyHeading({ currency }: { currency: string }) {
  return <h3 className="mb-2 text-sm font-medium text-slate-700">{currency.toUpperCase()}</h3>;
}

export default async function AdminReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const scope = await requireAdminWorkspace('/admin/reports');
  const now = new Date();
  const given = givenParams(await searchParams);
  const asked = { ...defaultReportRange(now), ...given };
  const parsed = reportRangeQuery.safeParse(asked);
  const problems = parsed.success ? [] : queryProblems(parsed.error);
  const range = parsed.success ? parsed.data.range : reportRangeQuery.parse(defaultReportRange(now)).range;
  const db = scope.database.db;
  const [revenue, deferred, tax, mrr] = await Promise.all([getRevenueReport(db, range), getDeferredReport(db, range.to), getTaxReport(db, range), getMrrReport(db, range, now)]);
  const csv = (report: string, extra: Record<string, string> = { from: range.from, to: range.to }) => hrefWith(`/api/admin/billing/reports/${report}`, { ...extra, format: 'csv' });

  return (
    <>
      <PageHeader title="Reports" description={`Finance reports from ${range.from} to ${range.to} (UTC days, both included), per currency: amounts in different currencies are never added together.`} />

      <Form action="/admin/reports" className="flex flex-wrap items-end gap-3" data-testid="report-range" aria-label="Report range">
        <div className="w-full sm:w-auto">
          <label htmlFor="report-from" className={labelClass}>
            From
          </label>
          <input id="report-from" name="from" type="date" required defaultValue={range.from} className={fieldClass} />
        </div>
        <div className="w-full sm:w-auto">
          <label htmlFor="report-to" className={labelClass}>
            To
          </label>
          <input id="report-to" name="to" type="date" required defaultValue={range.to} className={fieldClass} />
        </div>
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonClass}>
            Show
          </button>
          {given.from || given.to ? (
            <Link href="/admin/reports" className="text-sm text-slate-600 hover:text-slate-900">
              Last 12 months
            </Link>
          ) : null}
        </div>
      </Form>
      <div className="mt-4">
        <FilterProblems problems={problems} testId="report-range-error" />
      </div>

      <Report
        id="revenue"
        title="Revenue"
        csv={csv('revenue')}
        description="Invoiced (net of tax, less credit notes), recognized (each line earned in equal daily shares over its service period), deferred (invoiced, not yet earned) and unbilled (earned, invoiced later) at each month's end."
      >
        {revenue.currencies.length === 0 ? <Empty label="Revenue">No invoices touch this range.</Empty> : null}
        {revenue.currencies.map(({ currency, data }) => (
          <div key={currency} data-testid="revenue-currency" data-currency={currency}>
            <CurrencyHeading currency={currency} />
            <Table label={`Revenue in ${currency.toUpperCase()}`}>
              <THead>
                <Th>Month</Th>
                <Th align="right">Invoiced</Th>
                <Th align="right">Recognized</Th>
                <Th align="right">Deferred at end</Th>
                <Th align="right">Unbilled at end</Th>
              </THead>
              <TBody>
                {data.map((row) => (
                  <tr key={row.month} data-testid="revenue-row">
                    <Td strong>{row.month}</Td>
                    <Td align="right"><Money amount={row.invoiced} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.recognized} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.deferred_at_end} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.unbilled_at_end} currency={currency} muteZero /></Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          </div>
        ))}
      </Report>

      <Report id="deferred" title="Deferred revenue" csv={csv('deferred', { as_of: range.to })} description={`At the end of ${range.to}: invoiced and not yet earned, and earned but not yet invoiced.`}>
        <Table label="Deferred revenue">
          <THead>
            <Th>Currency</Th>
            <Th align="right">Deferred</Th>
            <Th align="right">Unbilled</Th>
          </THead>
          <TBody>
            {deferred.data.length === 0 ? (
              <EmptyRow colSpan={3}>Nothing deferred or unbilled at the end of {range.to}.</EmptyRow>
            ) : (
              deferred.data.map((row) => (
                <tr key={row.currency} data-testid="deferred-row">
                  <Td strong>{row.currency.toUpperCase()}</Td>
                  <Td align="right"><Money amount={row.deferred} currency={row.currency} /></Td>
                  <Td align="right"><Money amount={row.unbilled} currency={row.currency} /></Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Report>

      <Report
        id="tax"
        title="Tax"
        csv={csv('tax')}
        description="The invoices issued in the range (not draft or void) less the credit notes written in it, per buyer country, rate and treatment: the base of a VAT return or an OSS filing."
      >
        {tax.data.length === 0 ? <Empty label="Tax">No invoices were issued in this range.</Empty> : null}
        {groupByCurrency(tax.data).map(([currency, rows]) => (
          <div key={currency} data-testid="tax-currency" data-currency={currency}>
            <CurrencyHeading currency={currency} />
            <Table label={`Tax in ${currency.toUpperCase()}`}>
              <THead>
                <Th>Country</Th>
                <Th align="right">Rate</Th>
                <Th>Treatment</Th>
                <Th align="right">Net</Th>
                <Th align="right">Tax</Th>
                <Th align="right">Gross</Th>
                <Th align="right">Invoices</Th>
                <Th align="right">Credit notes</Th>
              </THead>
              <TBody>
                {rows.map((row) => (
                  <tr key={`${row.country}-${row.tax_rate}-${row.treatment}`} data-testid="tax-row">
                    <Td strong>{row.country ?? 'Unknown'}</Td>
                    <Td align="right">{formatPercent(toExact(row.tax_rate).times(100).toFixed())}</Td>
                    <Td>{humanize(row.treatment)}</Td>
                    <Td align="right"><Money amount={row.net} currency={currency} /></Td>
                    <Td align="right"><Money amount={row.tax} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.gross} currency={currency} /></Td>
                    <Td align="right">{row.invoice_count}</Td>
                    <Td align="right">{row.credit_note_count}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          </div>
        ))}
      </Report>

      <Report
        id="mrr"
        title="MRR movements"
        csv={csv('mrr')}
        description="Each customer's monthly recurring revenue (flat fees, trials excluded) at the end of the month before and at the end of the month (or now), and what moved it. Churn rate = churned ÷ starting; net revenue retention = (starting + expansion − contraction − churned) ÷ starting."
      >
        {mrr.data.length === 0 ? <Empty label="MRR movements">No subscriptions in this range.</Empty> : null}
        {groupByCurrency(mrr.data).map(([currency, rows]) => (
          <div key={currency} data-testid="mrr-currency" data-currency={currency}>
            <CurrencyHeading currency={currency} />
            <Table label={`MRR movements in ${currency.toUpperCase()}`}>
              <THead>
                <Th>Month</Th>
                <Th align="right">Starting</Th>
                <Th align="right">New</Th>
                <Th align="right">Expansion</Th>
                <Th align="right">Contraction</Th>
                <Th align="right">Churned</Th>
                <Th align="right">Reactivation</Th>
                <Th align="right">Ending</Th>
                <Th align="right">Churn rate</Th>
                <Th align="right">NRR</Th>
              </THead>
              <TBody>
                {rows.map((row) => (
                  <tr key={row.month} data-testid="mrr-row">
                    <Td strong>{row.month}</Td>
                    <Td align="right"><Money amount={row.starting} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.new} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.expansion} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.contraction} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.churned} currency={currency} muteZero /></Td>
                    <Td align="right"><Money amount={row.reactivation} currency={currency} muteZero /></Td>
                    <Td align="right" strong><Money amount={row.ending} currency={currency} /></Td>
                    <Td align="right">{rate(row.churn_rate)}</Td>
                    <Td align="right">{rate(row.net_revenue_retention)}</Td>
                  </tr>
                ))}
              </TBody>
            </Table>
          </div>
        ))}
      </Report>
    </>
  );
}

function Empty({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table label={label}>
      <TBody>
        <EmptyRow colSpan={1}>{children}</EmptyRow>
      </TBody>
    </Table>
  );
}
