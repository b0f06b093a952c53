import Link from 'next/link';
import { PageHeader } from '@/components/page-header';

/** Another customer's invoice, a draft or no invoice at all: one answer, which says nothing about which. */
export default function InvoiceNotFound() {
  return (
    <>
      <PageHeader title="Invoice not found" />
      <p className="text-sm text-slate-600" data-testid="invoice-not-found">
        There is no invoice at this address in your billing account.{' '}
        <Link href="/billing/invoices" className="font-semibold text-indigo-700 underline underline-offset-2">
          See all your invoices
        </Link>
        .
      </p>
    </>
  );
}
