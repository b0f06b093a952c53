import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { FilterField, filterButtonClass, filterInputClass } from '@/components/filter-form';
import { FilterProblems } from '@/components/filter-problems';
import { Money } from '@/components/money';
import { PageHeader } from '@/components/page-header';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { toExact } from '@/lib/billing/exact-decimal';
import { formatPercent } from '@/lib/format/format-percent';
import { humanize } from '@/lib/format/format-text';
import { givenParams, hrefWith, queryProblems, type SearchParams } from '@/lib/http/page-query';
import { getMrrReport, type MrrReport } from '@/lib/revenue/mrr-report';
import { defaultReportRange, reportRangeQuery } from '@/lib/revenue/report-query';
import { getDeferredReport, getRevenueReport, type RevenueReport } from '@/lib/revenue/revenue-report';
import { getTaxReport, type TaxRow } from '@/lib/revenue/tax-report';

export const metadata: Metadata = { title: 'Reports' };

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

/** One column of a report table; `cell` is given the row and the currency its table is in. */
type Column<Row> = { header: string; align?: 'right'; strong?: boolean; cell: (row: Row, currency: string) => ReactNode };

/** A right-aligned amount column; `muteZero` greys out the months where nothing moved. */
function money<Row>(header: string, amount: (row: Row) => string, { muteZero = false, strong = false } = {}): Column<Row> {
  return { header, align: 'right', strong, cell: (row, currency) => <Money amount={amount(row)} currency={currency} muteZero={muteZero} /> };
}

const REVENUE_TABLE: Column<RevenueReport['currencies'][number]['data'][number]>[] = [
  { header: 'Month', strong: true, cell: (row) => row.month },
  money('Invoiced', (row) => row.invoiced, { muteZero: true }),
  money('Recognized', (row) => row.recognized, { muteZero: true }),
  money('Deferred at end', (row) => row.deferred_at_end, { muteZero: true }),
  money('Unbilled at end', (row) => row.unbilled_at_end, { muteZero: true }),
];

const TAX_TABLE: Column<TaxRow>[] = [
  { header: 'Country', strong: true, cell: (row) => row.country ?? 'Unknown' },
  { header: 'Rate', align: 'right', cell: (row) => formatPercent(toExact(row.tax_rate).times(100).toFixed()) },
  { header: 'Treatment', cell: (row) => humanize(row.treatment) },
  money('Net', (row) => row.net),
  money('Tax', (row) => row.tax, { muteZero: true }),
  money('Gross', (row) => row.gross),
  { header: 'Invoices', align: 'right', cell: (row) => row.invoice_count },
  { header: 'Credit notes', align: 'right', cell: (row) => row.credit_note_count },
];

const MRR_TABLE: Column<MrrReport['data'][number]>[] = [
  { header: 'Month', strong: true, cell: (row) => row.month },
  money('Starting', (row) => row.starting, { muteZero: true }),
  money('New', (row) => row.new, { muteZero: true }),
  money('Expansion', (row) => row.expansion, { muteZero: true }),
  money('Contraction', (row) => row.contraction, { muteZero: true }),
  money('Churned', (row) => row.churned, { muteZero: true }),
  money('Reactivation', (row) => row.reactivation, { muteZero: true }),
  money('Ending', (row) => row.ending, { strong: true }),
  { header: 'Churn rate', align: 'right', cell: (row) => rate(row.churn_rate) },
  { header: 'NRR', align: 'right', cell: (row) => rate(row.net_revenue_retention) },
];

/**
 * A report that is kept apart per currency (amounts in different currencies are never added): one
 * table a currency, under its code, with the same columns.
 */
function CurrencyTables<Row>({ name, testId, groups, columns, rowKey }: { name: string; testId: string; groups: [string, Row[]][]; columns: Column<Row>[]; rowKey: (row: Row) => string }) {
  return groups.map(([currency, rows]) => (
    <div key={currency} data-testid={`${testId}-currency`} data-currency={currency}>
      <h3 className="mb-2 text-sm font-medium text-slate-700">{currency.toUpperCase()}</h3>
      <Table label={`${name} in ${currency.toUpperCase()}`}>
        <THead>
          {columns.map((column) => (
            <Th key={column.header} align={column.align}>
              {column.header}
            </Th>
          ))}
        </THead>
        <TBody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-testid={`${testId}-row`}>
              {columns.map((column) => (
                <Td key={column.header} align={column.align} strong={column.strong}>
                  {column.cell(row, currency)}
                </Td>
              ))}
            </tr>
          ))}
        </TBody>
      </Table>
    </div>
  ));
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
        <FilterField id="report-from" label="From">
          <input id="report-from" name="from" type="date" required defaultValue={range.from} className={filterInputClass} />
        </FilterField>
        <FilterField id="report-to" label="To">
          <input id="report-to" name="to" type="date" required defaultValue={range.to} className={filterInputClass} />
        </FilterField>
        <div className="flex items-center gap-3">
          <button type="submit" className={filterButtonClass}>
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
        <CurrencyTables name="Revenue" testId="revenue" groups={revenue.currencies.map(({ currency, data }) => [currency, data])} columns={REVENUE_TABLE} rowKey={(row) => row.month} />
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
        <CurrencyTables name="Tax" testId="tax" groups={groupByCurrency(tax.data)} columns={TAX_TABLE} rowKey={(row) => `${row.country}-${row.tax_rate}-${row.treatment}`} />
      </Report>

      <Report
        id="mrr"
        title="MRR movements"
        csv={csv('mrr')}
        description="Each customer's monthly recurring revenue (flat fees, trials excluded) at the end of the month before and at the end of the month (or now), and what moved it. Churn rate = churned ÷ starting; net revenue retention = (starting + expansion − contraction − churned) ÷ starting."
      >
        {mrr.data.length === 0 ? <Empty label="MRR movements">No subscriptions in this range.</Empty> : null}
        <CurrencyTables name="MRR movements" testId="mrr" groups={groupByCurrency(mrr.data)} columns={MRR_TABLE} rowKey={(row) => row.month} />
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
