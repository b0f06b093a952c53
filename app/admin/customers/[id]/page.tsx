import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BackLink } from '@/components/back-link';
import { CreditNotesTable, PaymentsTable } from '@/components/admin/payment-tables';
import { AuditHistory } from '@/components/audit/audit-history';
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
import { and, asc, eq } from 'drizzle-orm';
import { MeteredChargesTable } from '@/app/billing/usage/metered-charges-table';
import { UsageChart } from '@/app/billing/usage/usage-chart';
import { InvoiceActions } from '@/app/admin/invoices/[id]/invoice-actions';
import { getAdminCustomerUsage } from '@/lib/admin-overview/get-admin-customer-usage';
import { customerFormValuesOf } from '@/lib/customers/customer-form';
import { toCustomerView } from '@/lib/customers/customer-schemas';
import { plans } from '@/lib/db/schema';
import { formatQuantity } from '@/lib/format/format-number';
import { LIVE_SUBSCRIPTION_STATUSES } from '@/lib/subscriptions/create-subscription';
import { DAY_MS } from '@/lib/time/utc-day';
import { chartAllowance, chartMetrics } from '@/lib/usage/chart-choice';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { CustomerForm } from '../customer-form';
import { updateCustomerAction } from './actions';
import { CustomerActions } from './customer-actions';
import { SubscriptionControls } from './subscription-controls';
import { UsageCorrectionForm } from './usage-correction-form';
import { PrivacyControls } from './privacy-controls';

export const metadata: Metadata = { title: 'Customer' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Statuses an admin may still act on from the customer's page (the invoice's own page says what each allows). */
const ACTIONABLE_INVOICES = new Set(['draft', 'open', 'uncollectible', 'paid']);

const summaryClass =
  'cursor-pointer rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600';

/**
 * One customer of the workspace: profile, subscriptions, usage this period, invoices, payments, credit
 * notes, payment methods, emails, alerts and the audit trail, a page of each, newest first; and for an
 * admin who may write, what can be done about each (edit the profile, subscribe, change plan, cancel
 * and resume, correct usage, act on an invoice).
 */
export default async function AdminCustomerPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const query = await searchParams;
  const scope = await requireAdminWorkspace(`/admin/customers/${id}`);
  // a malformed id is no customer: answered as a 404 before it reaches a uuid column
  if (!UUID.test(id)) notFound();
  const now = new Date();
  const detail = await getAdminCustomer(scope, id, now);
  if (!detail) notFound();
  const { customer } = detail;
  const writer = mayWrite(scope.role);
  const [usage, planOptions] = await Promise.all([
    getAdminCustomerUsage(scope, id, now),
    scope.database.db
      .select({ code: plans.code, name: plans.name })
      .from(plans)
      .where(and(eq(plans.isCurrent, true), eq(plans.currency, customer.currency)))
      .orderBy(asc(plans.name)),
  ]);
  const live = detail.subscriptions.find((s) => (LIVE_SUBSCRIPTION_STATUSES as readonly string[]).includes(s.status) && s.ended_at === null) ?? null;

  // the chart: the metric asked for when the customer has it, else the usage page's default
  const { options, fallback } = chartMetrics(usage);
  const requested = Array.isArray(query.metric) ? query.metric[0] : query.metric;
  const selected = requested && usage.daily.series.some((s) => s.metric === requested) ? requested : fallback;
  const pickerCodes = selected && !options.includes(selected) ? [...options, selected] : options;
  const selectedSeries = usage.daily.series.find((s) => s.metric === selected) ?? null;
  const metricName = new Map(usage.metrics.map((m) => [m.code, m.name]));
  const periodStart = new Date(usage.summary.period.start);
  const periodEnd = new Date(usage.summary.period.end);
  const periodDays = Math.round((periodEnd.getTime() - periodStart.getTime()) / DAY_MS);
  const actionable = detail.invoices.filter((i) => ACTIONABLE_INVOICES.has(i.status));

  return (
    <>
      <BackLink href="/admin/customers" label="Customers" />
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

      {query.created === '1' ? (
        <p role="status" data-testid="customer-created" className="mt-4 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
          Customer added. Subscribe them to a plan below.
        </p>
      ) : null}

      <Section title="Actions" testId="customer-actions">
        {writer ? (
          <div className="space-y-4">
            <details data-testid="edit-customer" className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
              <summary className={`${summaryClass} inline-block`}>Edit profile…</summary>
              <div className="mt-4">
                <CustomerForm
                  action={updateCustomerAction}
                  initial={customerFormValuesOf(toCustomerView(customer))}
                  customerId={customer.id}
                  defaultCurrency={scope.config.defaultCurrency}
                  submitLabel="Save changes"
                  pendingLabel="Saving…"
                  testId="edit-customer-form"
                />
              </div>
            </details>
            <CustomerActions customerId={customer.id} currency={customer.currency} suspended={customer.status === 'suspended'} />
          </div>
        ) : (
          <p className="text-sm text-slate-600" data-testid="view-only">
            Your role in this workspace (viewer) may look but not change anything.
          </p>
        )}
      </Section>

      <Section title="Data" testId="customer-data">
        <PrivacyControls
          customerId={customer.id}
          erasedAt={customer.erasedAt ? formatDate(customer.erasedAt) : null}
          stripePending={Boolean(customer.erasedAt && customer.stripeCustomerId && !customer.stripeErasedAt)}
          mayErase={mayWrite(scope.role)}
        />
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
        {writer ? <SubscriptionControls customerId={customer.id} live={live ? { id: live.id, plan_code: live.plan_code, status: live.status, cancel_at_period_end: live.cancel_at_period_end, current_period_end: live.current_period_end } : null} plans={planOptions} /> : null}
      </Section>

      <Section
        title="Usage this period"
        testId="customer-usage"
        aside={
          <span className="text-slate-500" data-testid="customer-usage-period">
            {formatPeriod(periodStart, periodEnd)}
          </span>
        }
      >
        <div id="usage" className="space-y-4">
          <MeteredChargesTable charges={usage.summary.metrics} />
          <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs">
            {pickerCodes.length > 0 ? (
              <nav aria-label="Metric" data-testid="customer-metric-picker" className="mb-3 flex flex-wrap gap-2">
                {pickerCodes.map((code) => {
                  const active = code === selected;
                  return (
                    <Link
                      key={code}
                      href={`/admin/customers/${customer.id}?metric=${encodeURIComponent(code)}#usage`}
                      scroll={false}
                      aria-current={active ? 'true' : undefined}
                      data-testid="metric-option"
                      data-metric={code}
                      className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset ${active ? 'bg-indigo-600 text-white ring-indigo-600' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'}`}
                    >
                      {metricName.get(code) ?? code}
                    </Link>
                  );
                })}
              </nav>
            ) : null}
            {selectedSeries ? (
              <UsageChart series={selectedSeries} from={usage.daily.from} to={usage.daily.to} allowance={chartAllowance(usage, selected, periodDays)} periodStartDay={null} />
            ) : (
              <p className="text-sm text-slate-500">No metrics are set up yet.</p>
            )}
          </div>
          <Table label="Latest usage events">
            <THead>
              <Th>Event id</Th>
              <Th>Metric</Th>
              <Th align="right">Quantity</Th>
              <Th>Occurred</Th>
              <Th>Status</Th>
            </THead>
            <TBody>
              {usage.events.length === 0 ? (
                <EmptyRow colSpan={5}>No usage reported for this customer.</EmptyRow>
              ) : (
                usage.events.map((e) => (
                  <tr key={e.id} data-testid="usage-event-row" data-event-id={e.event_id}>
                    <Td strong className="font-mono text-[13px] break-all">
                      {e.event_id}
                    </Td>
                    <Td>{metricName.get(e.metric) ?? e.metric}</Td>
                    <Td align="right">{formatQuantity(e.quantity)}</Td>
                    <Td>{formatDateTime(e.timestamp)}</Td>
                    <Td>{e.voided ? <StatusBadge status="void" label={e.void_reason ? `Void: ${e.void_reason}` : 'Void'} /> : <StatusBadge status="active" label="Counted" />}</Td>
                  </tr>
                ))
              )}
            </TBody>
          </Table>
          {usage.moreEvents ? <p className="text-sm text-slate-500">The latest {usage.events.length}; the usage events API lists the rest.</p> : null}
          {writer ? (
            <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
              <h3 className="mb-2 text-sm font-semibold text-slate-900">Correct usage</h3>
              <UsageCorrectionForm customerId={customer.id} eventIds={usage.events.filter((e) => !e.voided).map((e) => e.event_id)} />
            </div>
          ) : null}
        </div>
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
        {writer && actionable.length > 0 ? (
          <div className="mt-3 space-y-2" data-testid="customer-invoice-actions">
            <h3 className="text-sm font-semibold text-slate-900">Act on an invoice</h3>
            {actionable.map((invoice) => (
              <details key={invoice.id} data-testid="customer-invoice-action" data-invoice-id={invoice.id} className="rounded-xl border border-slate-200 bg-white p-3 shadow-xs">
                <summary className="cursor-pointer rounded-md px-2 py-1 text-sm text-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
                  <span className="font-mono text-[13px] font-medium text-slate-900">{invoice.number ?? 'Draft'}</span> · {humanize(invoice.status)} ·{' '}
                  <Money amount={invoice.amountDue} currency={invoice.currency} /> due
                  <span className="text-slate-500"> — {invoice.status === 'paid' ? 'credit note' : invoice.status === 'draft' ? 'finalize, credit note' : 'mark paid, void, credit note'}</span>
                </summary>
                <div className="mt-3">
                  <InvoiceActions invoiceId={invoice.id} status={invoice.status} currency={invoice.currency} creditable={invoice.status !== 'draft' && invoice.status !== 'void'} idPrefix={`invoice-${invoice.id}-`} />
                </div>
              </details>
            ))}
          </div>
        ) : null}
      </Section>

      <Section title="Payments" testId="customer-payments">
        <PaymentsTable payments={detail.payments} on="customer" />
      </Section>

      <Section title="Credit notes" testId="customer-credit-notes">
        <CreditNotesTable notes={detail.creditNotes} on="customer" />
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

      {/* Data: the customer's export and erasure (compliance) belong here, between what billing holds and the audit trail. */}

      <AuditHistory scope={scope} entityType="customer" entityId={customer.id} title="Audit trail" testId="customer-audit" />
    </>
  );
}
