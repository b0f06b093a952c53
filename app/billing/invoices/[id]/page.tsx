import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Money } from '@/components/money';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { toExact } from '@/lib/billing/exact-decimal';
import { bankTransferInstructions } from '@/lib/dashboard/bank-transfer-instructions';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { getCustomerInvoiceDetail, type InvoicePaymentRow } from '@/lib/dashboard/get-customer-invoice-detail';
import { requireSession } from '@/lib/dashboard/require-session';
import { stripeReceiptUrl } from '@/lib/dashboard/stripe-receipt-url';
import { syncInvoiceFromStripe } from '@/lib/dashboard/sync-invoice-from-stripe';
import { invoiceDocument } from '@/lib/documents/invoice-document';
import { formatDate, formatDateTime, formatPeriod } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { deliverAfterResponse } from '@/lib/notifications/deliver-after-response';
import { stripeForWorkspace } from '@/lib/stripe/stripe-client';
import { workspaceServices } from '@/lib/workspaces/workspace-services';
import { CopyButton } from './copy-button';
import { PayButton } from './pay-button';

export const metadata: Metadata = { title: 'Invoice' };

const METHOD_LABELS: Record<InvoicePaymentRow['method'], string> = { card: 'Card', sepa_debit: 'SEPA Direct Debit', bank_transfer: 'Bank transfer', manual: 'Recorded by the billing team' };

const card = 'rounded-xl border border-slate-200 bg-white p-5 shadow-xs';
const docLink =
  'inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function CustomerInvoicePage({ params, searchParams }: Params) {
  const { id } = await params;
  const session = await requireSession(`/billing/invoices/${id}`);
  const { database, workspace, config } = await customerScope(session);
  const stripe = stripeForWorkspace(workspace);
  const now = new Date();
  let detail = await getCustomerInvoiceDetail(database.db, session, id, now);
  // another customer's invoice, a draft or no invoice at all: the same 404
  if (!detail) notFound();

  // back from Stripe's hosted page: ask Stripe now rather than wait for the webhook (both converge)
  const returned = (await searchParams).returned === 'stripe';
  if (returned && stripe && detail.stripeInvoiceId && (detail.invoice.status === 'open' || detail.invoice.status === 'uncollectible')) {
    if (await syncInvoiceFromStripe(database.db, stripe, detail.invoice.id, { now, config })) {
      // the payment queued its receipt email: sent once this page is on its way
      deliverAfterResponse(database, { workspace, services: workspaceServices(workspace) });
      detail = (await getCustomerInvoiceDetail(database.db, session, id, now))!;
    }
  }

  const { invoice, displayStatus, creditNotes, payments, customer } = detail;
  const doc = invoiceDocument(invoice, config.bank);
  const money = (amount: string) => formatMoney(amount, invoice.currency);
  const payable = (invoice.status === 'open' || invoice.status === 'uncollectible') && toExact(invoice.amount_due, 'amount_due').gt(0);
  const byStripe = Boolean(stripe) && customer.paymentMethod !== 'bank_transfer';
  const bank = bankTransferInstructions(config, invoice);
  const succeeded = payments.filter((p) => p.status === 'succeeded' || p.status === 'refunded');
  const receiptPayment = succeeded.at(-1) ?? null;
  const receiptUrl = invoice.status === 'paid' ? await stripeReceiptUrl(stripe, receiptPayment?.stripeChargeId ?? null) : null;
  const documentsBase = `/api/billing/invoices/${invoice.id}`;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/billing/invoices" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
          ← All invoices
        </Link>
      </p>
      <PageHeader
        title={`Invoice ${invoice.number}`}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <StatusBadge status={displayStatus} />
            <span>
              {customer.name}
              {invoice.period_start && invoice.period_end ? <> · {formatPeriod(invoice.period_start, invoice.period_end)}</> : null}
            </span>
          </span>
        }
        actions={
          <nav aria-label="Invoice documents" className="flex flex-wrap gap-2" data-testid="invoice-documents">
            <a href={`${documentsBase}/pdf`} className={docLink} data-testid="invoice-pdf-link" download>
              Download PDF
            </a>
            <a href={`${documentsBase}/html`} className={docLink} target="_blank" rel="noopener">
              View HTML<span className="sr-only"> (opens in a new tab)</span>
            </a>
            <a href={`${documentsBase}/csv`} className={docLink} download>
              Download CSV
            </a>
          </nav>
        }
      />

      {returned && invoice.status === 'paid' ? (
        <div className="mb-6">
          <Notice title="Payment received" testId="payment-received">
            Thank you: this invoice is paid. The receipt is below.
          </Notice>
        </div>
      ) : returned && payable ? (
        <div className="mb-6">
          <Notice tone="warning" title="Waiting for the payment" testId="payment-pending">
            Stripe has not confirmed a payment for this invoice yet. If you paid, it shows here within a few minutes; reload the page to check.
          </Notice>
        </div>
      ) : null}

      <div className="grid gap-4 md:grid-cols-3">
        <div className={`${card} md:col-span-2`} data-testid="invoice-summary">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-slate-500">Invoice number</dt>
              <dd className="mt-0.5 font-mono text-slate-900" data-testid="invoice-detail-number">
                {invoice.number}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Status</dt>
              <dd className="mt-0.5 text-slate-900" data-testid="invoice-status">
                {displayStatus === 'overdue' ? 'Overdue' : displayStatus.charAt(0).toUpperCase() + displayStatus.slice(1)}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Issued</dt>
              <dd className="mt-0.5 text-slate-900">{formatDate(invoice.issued_at)}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Due</dt>
              <dd className="mt-0.5 text-slate-900">{formatDate(invoice.due_date)}</dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-slate-500">Billing period</dt>
              <dd className="mt-0.5 text-slate-900">{invoice.period_start && invoice.period_end ? formatPeriod(invoice.period_start, invoice.period_end) : 'One-time invoice'}</dd>
            </div>
          </dl>
        </div>

        <div className={card} data-testid="amount-due-card">
          <div className="text-sm font-medium text-slate-500">Amount due</div>
          <div className="mt-1 text-2xl font-semibold text-slate-900" data-testid="invoice-amount-due">
            <Money amount={invoice.amount_due} currency={invoice.currency} />
          </div>
          <div className="mt-1 text-sm text-slate-500">
            of <span data-testid="invoice-total">{money(invoice.total)}</span> total
          </div>
          <div className="mt-4">
            {payable && byStripe ? (
              <PayButton invoiceId={invoice.id} amountLabel={money(invoice.amount_due)} />
            ) : payable ? (
              <a
                href="#bank-transfer"
                data-testid="pay-by-bank-transfer"
                className="inline-flex w-full items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 sm:w-auto"
              >
                Pay by bank transfer
              </a>
            ) : invoice.status === 'paid' ? (
              <p className="text-sm text-emerald-700">Paid{invoice.paid_at ? ` on ${formatDate(invoice.paid_at)}` : ''}.</p>
            ) : (
              <p className="text-sm text-slate-600">{doc.payment.kind === 'settled' ? doc.payment.message : 'Nothing to pay.'}</p>
            )}
          </div>
        </div>
      </div>

      {payable && !byStripe ? (
        <section id="bank-transfer" className="mt-8 scroll-mt-6" data-testid="bank-transfer" aria-labelledby="bank-transfer-title">
          <h2 id="bank-transfer-title" className="mb-3 text-base font-semibold text-slate-900">
            Pay by bank transfer
          </h2>
          {bank.available ? (
            <div className={card}>
              <p className="mb-4 text-sm text-slate-600">Transfer the amount due to this account with the reference exactly as shown, so the payment is matched to this invoice.</p>
              <dl className="divide-y divide-slate-100 text-sm">
                <BankRow label="Account holder" value={bank.accountHolder} />
                <BankRow label="IBAN" value={bank.iban} copy={bank.ibanValue} mono />
                {bank.bic ? <BankRow label="BIC" value={bank.bic} copy={bank.bic} mono /> : null}
                <BankRow label="Amount" value={money(bank.amount)} copy={bank.amount} />
                <BankRow label="Reference" value={bank.reference} copy={bank.reference} mono />
              </dl>
            </div>
          ) : (
            <Notice tone="warning" title="No bank details yet" testId="bank-details-missing">
              <p>
                {config.seller.name} has not set up an account for bank transfers yet, so this invoice cannot be paid by transfer right now. Please contact{' '}
                {config.seller.email ? (
                  <a href={`mailto:${config.seller.email}`} className="font-semibold underline underline-offset-2">
                    {config.seller.email}
                  </a>
                ) : (
                  'the billing team'
                )}{' '}
                quoting <strong>{bank.reference}</strong> for <strong>{money(bank.amount)}</strong>.
              </p>
              {(await mayUseAdmin(session)) ? (
                <p className="mt-2">
                  Admins: set the workspace’s IBAN and BIC with <code>PATCH /api/admin/billing/workspaces/{workspace.slug}</code> (<code>bank.iban</code>, <code>bank.bic</code>), or
                  COMPANY_IBAN and COMPANY_BIC for the default workspace.
                </p>
              ) : null}
            </Notice>
          )}
        </section>
      ) : null}

      {invoice.status === 'paid' ? (
        <Section title="Receipt" testId="invoice-receipt">
          <div className={card}>
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
              <div>
                <dt className="text-slate-500">Paid on</dt>
                <dd className="mt-0.5 text-slate-900" data-testid="receipt-date">
                  {formatDate(invoice.paid_at ?? receiptPayment?.at ?? null)}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Method</dt>
                <dd className="mt-0.5 text-slate-900" data-testid="receipt-method">
                  {receiptPayment ? METHOD_LABELS[receiptPayment.method] : toExact(invoice.amount_paid, 'amount_paid').isZero() ? 'Settled by credit' : '—'}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">Amount paid</dt>
                <dd className="mt-0.5 text-slate-900" data-testid="receipt-amount">
                  <Money amount={invoice.amount_paid} currency={invoice.currency} />
                </dd>
              </div>
            </dl>
            {receiptUrl ? (
              <p className="mt-4 text-sm">
                <a href={receiptUrl} className="font-medium text-indigo-700 underline underline-offset-2" data-testid="stripe-receipt-link" target="_blank" rel="noopener noreferrer">
                  Stripe receipt<span className="sr-only"> (opens in a new tab)</span>
                </a>
              </p>
            ) : null}
          </div>
        </Section>
      ) : null}

      <Section title="Lines">
        <Table label="Invoice lines" data-testid="invoice-lines">
          <THead>
            <Th>Description</Th>
            <Th align="right">Quantity</Th>
            <Th align="right">Unit price</Th>
            <Th align="right">Amount</Th>
          </THead>
          <TBody>
            {doc.lines.length === 0 ? (
              <EmptyRow colSpan={4}>This invoice has no lines.</EmptyRow>
            ) : (
              doc.lines.map((line, index) => (
                <tr key={index} data-testid="invoice-line">
                  <Td className="min-w-48 whitespace-normal!">{line.description}</Td>
                  <Td align="right">{line.quantity}</Td>
                  <Td align="right">{line.unitPrice}</Td>
                  <Td align="right" strong>
                    {line.amount}
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
        <dl className="mt-4 ml-auto max-w-sm space-y-1.5 text-sm" data-testid="invoice-totals">
          {doc.totals.map((row) => (
            <div key={row.label} className={`flex justify-between gap-4 ${row.emphasis ? 'border-t border-slate-200 pt-1.5 font-semibold text-slate-900' : 'text-slate-600'}`}>
              <dt>{row.label}</dt>
              <dd className="tabular-nums" data-testid={`total-${row.label.toLowerCase().replace(/[^a-z]+/g, '-').replace(/-+$/, '')}`}>
                {row.value}
              </dd>
            </div>
          ))}
        </dl>
        {doc.taxNote ? <p className="mt-2 text-right text-xs text-slate-500">{doc.taxNote}</p> : null}
      </Section>

      <Section title="Payments" testId="invoice-payments">
        {payments.length === 0 ? (
          <p className="text-sm text-slate-500">No payments yet.</p>
        ) : (
          <Table label="Payments">
            <THead>
              <Th>Date</Th>
              <Th>Method</Th>
              <Th align="right">Amount</Th>
              <Th>Status</Th>
            </THead>
            <TBody>
              {payments.map((p) => (
                <tr key={p.id} data-testid="payment-row">
                  <Td>{formatDateTime(p.at)}</Td>
                  <Td>
                    {METHOD_LABELS[p.method]}
                    {p.reference ? <span className="text-slate-500"> · ref. {p.reference}</span> : null}
                  </Td>
                  <Td align="right" strong>
                    <Money amount={p.amount} currency={p.currency} />
                  </Td>
                  <Td>
                    <StatusBadge status={p.status} />
                    {p.status === 'failed' && p.failureMessage ? <span className="ml-2 text-xs text-slate-500">{p.failureMessage}</span> : null}
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>

      <Section title="Credit notes" testId="invoice-credit-notes">
        {creditNotes.length === 0 ? (
          <p className="text-sm text-slate-500">No credit notes for this invoice.</p>
        ) : (
          <Table label="Credit notes">
            <THead>
              <Th>Credit note</Th>
              <Th>Date</Th>
              <Th>Reason</Th>
              <Th align="right">Amount</Th>
              <Th>Document</Th>
            </THead>
            <TBody>
              {creditNotes.map((note) => (
                <tr key={note.id} data-testid="credit-note-row">
                  <Td strong className="font-mono text-[13px]">
                    {note.number}
                  </Td>
                  <Td>{formatDate(note.created)}</Td>
                  <Td className="min-w-40 whitespace-normal!">
                    {note.reason}
                    <span className="text-slate-500"> · {note.method === 'refund' ? 'refunded' : 'credited'}</span>
                  </Td>
                  <Td align="right">
                    <Money amount={note.total} currency={note.currency} />
                  </Td>
                  <Td>
                    <a href={`${documentsBase}/credit-notes/${note.id}/pdf`} className="font-medium text-indigo-700 underline underline-offset-2" download>
                      PDF<span className="sr-only"> of credit note {note.number}</span>
                    </a>
                  </Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>
    </>
  );
}

function BankRow({ label, value, copy, mono = false }: { label: string; value: string; copy?: string; mono?: boolean }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2" data-testid={`bank-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      <dt className="text-slate-500">{label}</dt>
      <dd className="flex flex-wrap items-center gap-3">
        <span className={`break-all text-slate-900 ${mono ? 'font-mono' : ''}`} data-testid="bank-value">
          {value}
        </span>
        {copy ? <CopyButton value={copy} label={label} /> : null}
      </dd>
    </div>
  );
}
