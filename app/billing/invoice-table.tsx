import Link from 'next/link';
import { InvoiceSourceTag } from '@/components/invoice-source-tag';
import { Money } from '@/components/money';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import type { InvoiceSummary } from '@/lib/dashboard/types';
import { formatDate, formatPeriod } from '@/lib/format/format-date';

/** A customer's invoices: number (linking to the invoice), period, dates, total, what is still due and status. */
export function InvoiceTable({
  invoices,
  label,
  showDue = true,
  empty = 'No invoices yet. The first one is issued when your first billing period ends.',
}: {
  invoices: InvoiceSummary[];
  label: string;
  showDue?: boolean;
  empty?: string;
}) {
  const columns = showDue ? 7 : 5;
  return (
    <Table label={label} data-testid="invoice-table">
      <THead>
        <Th>Invoice</Th>
        <Th>Period</Th>
        <Th>Issued</Th>
        {showDue ? <Th>Due</Th> : null}
        <Th align="right">Total</Th>
        {showDue ? <Th align="right">Amount due</Th> : null}
        <Th>Status</Th>
      </THead>
      <TBody>
        {invoices.length === 0 ? (
          <EmptyRow colSpan={columns}>{empty}</EmptyRow>
        ) : (
          invoices.map((invoice) => (
            <tr key={invoice.id} data-testid="invoice-row" className="hover:bg-slate-50/60">
              <Td strong className="font-mono text-[13px]">
                <Link
                  href={`/billing/invoices/${invoice.id}`}
                  data-testid="invoice-number"
                  className="text-indigo-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                >
                  {invoice.number ?? 'Draft'}
                </Link>
                <InvoiceSourceTag source={invoice.source} />
              </Td>
              <Td>
                <span data-testid="invoice-period">{formatPeriod(invoice.periodStart, invoice.periodEnd)}</span>
              </Td>
              <Td>{formatDate(invoice.issuedAt)}</Td>
              {showDue ? <Td>{formatDate(invoice.dueDate)}</Td> : null}
              <Td align="right" strong>
                <span data-testid="invoice-total">
                  <Money amount={invoice.total} currency={invoice.currency} />
                </span>
              </Td>
              {showDue ? (
                <Td align="right">
                  <Money amount={invoice.amountDue} currency={invoice.currency} muteZero />
                </Td>
              ) : null}
              <Td>
                <StatusBadge status={invoice.status} />
              </Td>
            </tr>
          ))
        )}
      </TBody>
    </Table>
  );
}
