import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { InvoiceSourceTag } from '@/components/invoice-source-tag';
import { Money } from '@/components/money';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { getAdminCustomer } from '@/lib/admin-overview/get-admin-customer';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { formatDate, formatDateTime, formatPeriod } from '@/lib/format/format-date';
import { formatTaxRate } from '@/lib/format/format-number';
import { countryName, formatInterval, humanize } from '@/lib/format/format-text';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { CustomerActions } from './customer-actions';
import { PrivacyControls } from './privacy-controls';

export const metadata: Metadata = { title: 'Customer' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The audit entry's details in a line: the fields it changed, or what it recorded. */
function auditSummary(details: Record<string, unknown>): string {
  const changes = details.changes;
  if (changes && typeof changes === 'object') return `Changed ${Object.keys(changes).join(', ')}`;
  const keys = Object.keys(details);
  return keys.length ? keys.slice(0, 4).map((k) => `${humanize(k)}: ${typeof details[k] === 'object' ? '…' : String(details[k])}`).join(' · ') : '';
}

/**
 * One customer of the workspace: profile, subscriptions, invoices, payments, credit notes, payment
 * methods, emails, alerts and the audit trail, a page of each, newest first.
 */
export default async function AdminCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const scope = await requireAdminWorkspace(`/admin/customers/${id}`);
  // a malformed id is no customer: answered as a 404 before it reaches a uuid column
  if (!UUID.test(id)) notFound();
  const detail = await getAdminCustomer(scope, id, new Date());
  if (!detail) notFound();
  const { customer } = detail;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/customers" className="text-indigo-700 hover:underline">
          ← Customers
        </Link>
      </p>
      <PageHeader
        title={customer.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all">{customer.email}</span>
            <StatusBadge status={customer.status} />
            {customer.emailBouncedAt ? <StatusBadge status="bounced" label="Mail bounced" /> : null}
          </span>
        }
      />

      <div className="grid gap-4 md:grid-cols-3">
        <div data-testid="customer-profile" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs md:col-span-2">
          <h2 className="text-sm font-medium text-slate-500">Profile</h2>
          <dl className="mt-3 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
            {(
              [
                ['External id', customer.externalId ?? '—'],
                ['Country', countryName(customer.country)],
                ['Currency', customer.currency.toUpperCase()],
                ['Tax', customer.taxExempt ? 'Exempt' : customer.taxRate !== null ? formatTaxRate(customer.taxRate) : 'Workspace default'],
                ['Tax id', customer.taxId ?? '—'],
                ['Pays by', humanize(customer.paymentMethod) + (customer.autoPay ? ' (automatic)' : '')],
                ['Billing emails', customer.billingEmails.length ? customer.billingEmails.join(', ') : customer.email],
                ['Address', customer.addressLines.length ? customer.addressLines.join(', ') : '—'],
                ['Customer since', formatDate(customer.createdAt)],
                ['Suspended', customer.suspendedAt ? formatDate(customer.suspendedAt) : '—'],
              ] as const
            ).map(([term, value]) => (
              <div key={term} className="min-w-0">
                <dt className="text-slate-500">{term}</dt>
                <dd className="mt-0.5 break-words text-slate-900">{value}</dd>
              </div>
            ))}
          </dl>
        </div>
        <div data-testid="customer-balance" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <h2 className="text-sm font-medium text-slate-500">Balance due</h2>
          <div className="mt-1 space-y-0.5 text-2xl font-semibold tracking-tight text-slate-900">
            {detail.balance.length === 0 ? <div>Nothing due</div> : detail.balance.map((b) => <Money key={b.currency} amount={b.amount} currency={b.currency} className="block" />)}
          </div>
          <h2 className="mt-5 text-sm font-medium text-slate-500">Payment methods</h2>
          {detail.paymentMethods.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">None on file</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm text-slate-900">
              {detail.paymentMethods.map((m) => (
                <li key={m.id}>
                  {m.type === 'sepa_debit' ? 'SEPA Direct Debit' : humanize(m.brand ?? m.type)} •••• {m.last4 ?? '—'}
                  {m.expMonth && m.expYear ? <span className="text-slate-500"> · {String(m.expMonth).padStart(2, '0')}/{m.expYear}</span> : null}
                  {m.isDefault ? <span className="ml-2 text-xs font-medium text-indigo-700">Default</span> : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>

      <Section title="Actions" testId="customer-actions">
        {mayWrite(scope.role) ? (
          <CustomerActions customerId={customer.id} currency={customer.currency} suspended={customer.status === 'suspended'} />
        ) : (
          <p className="text-sm text-slate-600" data-testid="view-only">
            Your role in this workspace (viewer) may look but not change anything.
          </p>
        )}
      </Section>

      <Section title="Data" testId="customer-data">
        <PrivacyControls customerId={customer.id} erasedAt={customer.erasedAt ? formatDate(customer.erasedAt) : null} mayErase={mayWrite(scope.role)} />
      </Section>

      <Section title="Subscriptions" testId="customer-subscriptions">
        <Table label="Subscriptions">
          <THead>
            <Th>Plan</Th>
            <Th>Status</Th>
            <Th>Current period</Th>
            <Th align="right">Fixed fees</Th>
          </THead>
          <TBody>
            {detail.subscriptions.length === 0 ? (
              <EmptyRow colSpan={4}>No subscription.</EmptyRow>
            ) : (
              detail.subscriptions.map((s) => (
                <tr key={s.id} data-testid="subscription-row">
                  <Td strong>{s.plan_code}</Td>
                  <Td>
                    <StatusBadge status={s.status} />
                    {s.cancel_at_period_end ? <span className="ml-2 text-xs text-slate-500">ends {formatDate(s.current_period_end)}</span> : null}
                  </Td>
                  <Td>{formatPeriod(s.current_period_start, s.current_period_end)}</Td>
                  <Td align="right">
                    <Money amount={s.amount} currency={s.currency} /> {formatInterval(s.interval, s.interval_count)}
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Invoices" testId="customer-invoices" aside={detail.moreInvoices ? <span className="text-slate-500">The latest 25</span> : undefined}>
        <Table label="Invoices">
          <THead>
            <Th>Invoice</Th>
            <Th>Period</Th>
            <Th>Issued</Th>
            <Th align="right">Total</Th>
            <Th align="right">Amount due</Th>
            <Th>Status</Th>
            <Th>Document</Th>
          </THead>
          <TBody>
            {detail.invoices.length === 0 ? (
              <EmptyRow colSpan={7}>No invoices yet.</EmptyRow>
            ) : (
              detail.invoices.map((invoice) => (
                <tr key={invoice.id} data-testid="invoice-row">
                  <Td strong className="font-mono text-[13px]">
                    <Link href={`/admin/invoices/${invoice.id}`} data-testid="invoice-link" className="hover:text-indigo-700 hover:underline">
                      {invoice.number ?? 'Draft'}
                    </Link>
                    <InvoiceSourceTag source={invoice.source} />
                  </Td>
                  <Td>{formatPeriod(invoice.periodStart, invoice.periodEnd)}</Td>
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
                  <Td>
                    {invoice.number ? (
                      <a href={`/api/billing/invoices/${invoice.id}/pdf`} className="text-indigo-700 hover:underline">
                        PDF<span className="sr-only"> of {invoice.number}</span>
                      </a>
                    ) : (
                      <span className="text-slate-500">—</span>
                    )}
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Payments" testId="customer-payments">
        <Table label="Payments">
          <THead>
            <Th>Date</Th>
            <Th>Invoice</Th>
            <Th>Method</Th>
            <Th align="right">Amount</Th>
            <Th>Status</Th>
          </THead>
          <TBody>
            {detail.payments.length === 0 ? (
              <EmptyRow colSpan={5}>No payments yet.</EmptyRow>
            ) : (
              detail.payments.map((p) => (
                <tr key={p.id} data-testid="payment-row">
                  <Td>{formatDateTime(p.createdAt)}</Td>
                  <Td className="font-mono text-[13px]">{p.invoiceNumber ?? 'Draft'}</Td>
                  <Td>{humanize(p.method)}</Td>
                  <Td align="right" strong>
                    <Money amount={p.amount} currency={p.currency} />
                  </Td>
                  <Td>
                    <StatusBadge status={p.status} />
                    {p.failureMessage ? <span className="ml-2 text-xs text-slate-500">{p.failureMessage}</span> : null}
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Credit notes" testId="customer-credit-notes">
        <Table label="Credit notes">
          <THead>
            <Th>Credit note</Th>
            <Th>Invoice</Th>
            <Th>Date</Th>
            <Th>Reason</Th>
            <Th align="right">Total</Th>
          </THead>
          <TBody>
            {detail.creditNotes.length === 0 ? (
              <EmptyRow colSpan={5}>No credit notes.</EmptyRow>
            ) : (
              detail.creditNotes.map((n) => (
                <tr key={n.id} data-testid="credit-note-row">
                  <Td strong className="font-mono text-[13px]">
                    {n.number}
                  </Td>
                  <Td className="font-mono text-[13px]">{n.invoiceNumber ?? '—'}</Td>
                  <Td>{formatDate(n.createdAt)}</Td>
                  <Td>
                    {n.reason} ({n.method})
                  </Td>
                  <Td align="right" strong>
                    <Money amount={n.total} currency={n.currency} />
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Emails" testId="customer-emails" aside={<Link href={`/admin/emails?customer_id=${customer.id}`} className="text-indigo-700 hover:underline">All emails →</Link>}>
        <Table label="Emails">
          <THead>
            <Th>Sent</Th>
            <Th>Type</Th>
            <Th>Subject</Th>
            <Th>Status</Th>
          </THead>
          <TBody>
            {detail.emails.length === 0 ? (
              <EmptyRow colSpan={4}>No emails to this customer yet.</EmptyRow>
            ) : (
              detail.emails.map((e) => (
                <tr key={e.id} data-testid="email-row">
                  <Td>{formatDateTime(e.sentAt ?? e.createdAt)}</Td>
                  <Td>{humanize(e.template)}</Td>
                  <Td>
                    <Link href={`/admin/emails/${e.id}`} className="text-indigo-700 hover:underline">
                      {e.subject ?? humanize(e.template)}
                    </Link>
                  </Td>
                  <Td>
                    <StatusBadge status={e.deliveryStatus ?? e.status} />
                  </Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Alerts" testId="customer-alerts">
        <Table label="Alerts">
          <THead>
            <Th>Triggered</Th>
            <Th>Window</Th>
            <Th align="right">Value</Th>
            <Th align="right">Threshold</Th>
            <Th>Status</Th>
          </THead>
          <TBody>
            {detail.alerts.length === 0 ? (
              <EmptyRow colSpan={5}>No alerts for this customer.</EmptyRow>
            ) : (
              detail.alerts.map((a) => (
                <tr key={a.id} data-testid="alert-row">
                  <Td>{formatDateTime(a.triggered_at)}</Td>
                  <Td>{formatPeriod(a.window_start, a.window_end)}</Td>
                  <Td align="right">{a.currency ? <Money amount={a.value} currency={a.currency} /> : a.value}</Td>
                  <Td align="right">{a.currency ? <Money amount={a.threshold} currency={a.currency} /> : a.threshold}</Td>
                  <Td>{a.resolved_at ? <StatusBadge status="completed" label="Resolved" /> : <StatusBadge status="pending" label="Triggered" />}</Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>

      <Section title="Audit trail" testId="customer-audit">
        <Table label="Audit trail">
          <THead>
            <Th>When</Th>
            <Th>Who</Th>
            <Th>What</Th>
            <Th>Details</Th>
          </THead>
          <TBody>
            {detail.audit.length === 0 ? (
              <EmptyRow colSpan={4}>Nothing recorded for this customer yet.</EmptyRow>
            ) : (
              detail.audit.map((entry) => (
                <tr key={entry.id} data-testid="audit-row">
                  <Td>{formatDateTime(entry.createdAt)}</Td>
                  <Td>{humanize(entry.actorType)}</Td>
                  <Td strong className="font-mono text-[13px]">
                    {entry.action}
                  </Td>
                  <Td className="max-w-md truncate">{auditSummary(entry.details)}</Td>
                </tr>
              ))
            )}
          </TBody>
        </Table>
      </Section>
    </>
  );
}
