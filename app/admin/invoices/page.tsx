import type { Metadata } from 'next';
import { InvoiceSourceTag } from '@/components/invoice-source-tag';
import { Money } from '@/components/money';
import { PageHeader } from '@/components/page-header';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { listAdminInvoices } from '@/lib/admin-overview/list-admin-invoices';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { formatDate } from '@/lib/format/format-date';

export const metadata: Metadata = { title: 'Invoices' };

const LIMIT = 50;

export default async function AdminInvoicesPage() {
  const scope = await requireAdminWorkspace('/admin/invoices');
  const invoices = await listAdminInvoices(scope, new Date(), LIMIT);
  return (
    <>
      <PageHeader title="Invoices" description={`The latest ${LIMIT} invoices across all customers, newest first.`} />
      <Table label="Invoices" data-testid="admin-invoice-table">
        <THead>
          <Th>Invoice</Th>
          <Th>Customer</Th>
          <Th>Issued</Th>
          <Th align="right">Total</Th>
          <Th align="right">Amount due</Th>
          <Th>Status</Th>
        </THead>
        <TBody>
          {invoices.length === 0 ? (
            <EmptyRow colSpan={6}>No invoices yet. They are issued when billing periods end.</EmptyRow>
          ) : (
            invoices.map((invoice) => (
              <tr key={invoice.id} data-testid="invoice-row" className="hover:bg-slate-50/60">
                <Td strong className="font-mono text-[13px]">
                  {invoice.number ?? 'Draft'}
                  <InvoiceSourceTag source={invoice.source} />
                </Td>
                <Td>{invoice.customerName}</Td>
                <Td>{formatDate(invoice.issuedAt)}</Td>
                <Td align="right" strong>
                  <Money amount={invoice.total} currency={invoice.currency} />
                </Td>
                <Td align="right">
                  <Money amount={invoice.amountDue} currency={invoice.currency} muteZero />
                </Td>
                <Td>
                  <StatusBadge status={invoice.status} />
                </Td>
              </tr>
            ))
          )}
        </TBody>
      </Table>
    </>
  );
}
