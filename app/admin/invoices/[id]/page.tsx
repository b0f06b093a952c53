import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BackLink } from '@/components/back-link';
import { CreditNotesTable, PaymentsTable } from '@/components/admin/payment-tables';
import { AuditHistory } from '@/components/audit/audit-history';
import { InvoiceSourceTag } from '@/components/invoice-source-tag';
import { Money } from '@/components/money';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { getAdminInvoice } from '@/lib/admin-overview/get-admin-invoice';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { formatDate, formatPeriod } from '@/lib/format/format-date';
import { formatQuantity, formatTaxRate } from '@/lib/format/format-number';
import { formatUnitPrice } from '@/lib/format/format-money';
import { humanize } from '@/lib/format/format-text';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { InvoiceActions } from './invoice-actions';

export const metadata: Metadata = { title: 'Invoice' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One invoice of the workspace: its lines and totals, documents, payments, credit notes, the copy in
 * Stripe, and what its status allows (finalize, mark paid, void, uncollectible, credit note).
 */
export default async function AdminInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const scope = await requireAdminWorkspace(`/admin/invoices/${id}`);
  if (!UUID.test(id)) notFound();
  const detail = await getAdminInvoice(scope, id, new Date());
  if (!detail) notFound();
  const { invoice, customer } = detail;
  const issuedHere = invoice.source === 'meterbill';
  const docs = `/api/billing/invoices/${invoice.id}`;

  return (
    <>
      <BackLink href="/admin/invoices" label="Invoices" />
      <PageHeader
        title={invoice.number ? `Invoice ${invoice.number}` : 'Draft invoice'}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Link href={`/admin/customers/${customer.id}`} className="text-indigo-700 hover:underline">
              {customer.name}
            </Link>
            <StatusBadge status={detail.displayStatus} />
            <InvoiceSourceTag source={invoice.source} />
          </span>
        }
      />

      <div className="grid gap-4 md:grid-cols-3">
        <div data-testid="invoice-summary" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs md:col-span-2">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
            {(
              [
                ['Issued', formatDate(invoice.issued_at)],
                ['Due', formatDate(invoice.due_date)],
                ['Period', invoice.period_start ? formatPeriod(invoice.period_start, invoice.period_end) : 'One-time'],
                ['Tax', invoice.tax_treatment === 'standard' ? formatTaxRate(invoice.tax_rate) : humanize(invoice.tax_treatment)],
                ['Paid on', invoice.paid_at ? formatDate(invoice.paid_at) : '—'],
                ['Reference', invoice.payment_reference ?? '—'],
              ] as const
            ).map(([term, value]) => (
              <div key={term} className="min-w-0">
                <dt className="text-slate-500">{term}</dt>
                <dd className="mt-0.5 break-words text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div data-testid="invoice-amounts" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <dl className="space-y-1.5 text-sm">
            {(
              [
                ['Subtotal', invoice.subtotal],
                ['Tax', invoice.tax],
                ['Total', invoice.total],
                ['Credits', invoice.credits_applied],
                ['Paid', invoice.amount_paid],
              ] as const
            ).map(([term, amount]) => (
              <div key={term} className="flex justify-between gap-4">
                <dt className="text-slate-500">{term}</dt>
                <dd>
                  <Money amount={amount} currency={invoice.currency} />
                </dd>
              </div>
            ))}
            <div className="flex justify-between gap-4 border-t border-slate-200 pt-1.5 font-semibold">
              <dt>Amount due</dt>
              <dd data-testid="invoice-amount-due">
                <Money amount={invoice.amount_due} currency={invoice.currency} />
              </dd>
            </div>
          </dl>
          <p className="mt-4 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            <a href={`${docs}/pdf`} className="text-indigo-700 hover:underline">
              PDF
            </a>
            <a href={`${docs}/html`} className="text-indigo-700 hover:underline">
              HTML
            </a>
            <a href={`${docs}/csv`} className="text-indigo-700 hover:underline">
              CSV
            </a>
            {invoice.hosted_invoice_url ? (
              <a href={invoice.hosted_invoice_url} className="text-indigo-700 hover:underline" rel="noreferrer">
                Stripe’s page
              </a>
            ) : null}
          </p>
          {detail.stripeInvoiceId ? <p className="mt-1 font-mono text-xs break-all text-slate-500">Stripe {detail.stripeInvoiceId}</p> : null}
        </div>
      </div>

      <Section title="Lines" testId="invoice-lines">
        <Table label="Lines">
          <THead>
            <Th>Description</Th>
            <Th align="right">Quantity</Th>
            <Th align="right">Unit price</Th>
            <Th align="right">Amount</Th>
          </THead>
          <TBody>
            {invoice.lines.length === 0 ? (
              <EmptyRow colSpan={4}>No lines.</EmptyRow>
            ) : (
              invoice.lines.map((line, i) => (
                <tr key={i}>
                  <Td className="whitespace-normal">{line.description}</Td>
                  <Td align="right">{formatQuantity(line.quantity)}</Td>
                  <Td align="right">{formatUnitPrice(line.unit_price, invoice.currency)}</Td>
                  <Td align="right" strong>
                    <Money amount={line.amount} currency={invoice.currency} />
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Payments" testId="invoice-payments">
        <PaymentsTable payments={detail.payments} on="invoice" />
      </Section>

      <Section title="Credit notes" testId="invoice-credit-notes">
        <CreditNotesTable notes={detail.creditNotes.map((n) => ({ ...n, createdAt: n.created }))} on="invoice" documents={docs} />
      </Section>

      <Section title="Actions" testId="invoice-actions">
        {!issuedHere ? (
          <Notice title="Issued by Stripe">This invoice belongs to the Stripe subscription and changes in Stripe only; its payments arrive by the webhook.</Notice>
        ) : !mayWrite(scope.role) ? (
          <p className="text-sm text-slate-600" data-testid="view-only">
            Your role in this workspace (viewer) may look but not change anything.
          </p>
        ) : (
          <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
            <InvoiceActions invoiceId={invoice.id} status={invoice.status} currency={invoice.currency} creditable={invoice.status !== 'draft' && invoice.status !== 'void'} />
          </div>
        )}
      </Section>

      <AuditHistory scope={scope} entityType="invoice" entityId={invoice.id} />
    </>
  );
}
