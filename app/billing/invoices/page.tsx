import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { listCustomerInvoices } from '@/lib/dashboard/list-customer-invoices';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { requireSession } from '@/lib/dashboard/require-session';
import { InvoiceTable } from '../invoice-table';
import { NoBillingAccount } from '../no-billing-account';

export const metadata: Metadata = { title: 'Invoices' };

export default async function CustomerInvoicesPage() {
  const session = await requireSession('/billing/invoices');
  const result = await listCustomerInvoices(session, new Date());
  if (!result) {
    return (
      <>
        <PageHeader title="Invoices" />
        <NoBillingAccount email={session.email} isAdmin={await mayUseAdmin(session)} />
      </>
    );
  }
  const count = result.invoices.length;
  return (
    <>
      <PageHeader
        title="Invoices"
        description={`${result.customerName} · ${count} ${count === 1 ? 'invoice' : 'invoices'}, newest first`}
      />
      <InvoiceTable invoices={result.invoices} label="Invoices" />
    </>
  );
}
