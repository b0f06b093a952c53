import type { Metadata } from 'next';
import Link from 'next/link';
import { Money } from '@/components/money';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { getCustomerOverview } from '@/lib/dashboard/get-customer-overview';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { requireSession } from '@/lib/dashboard/require-session';
import { formatDate, formatPeriod } from '@/lib/format/format-date';
import { formatInterval } from '@/lib/format/format-text';
import { AccountBanner } from '../account-banner';
import { AllowanceMeters } from '../allowance-meters';
import { InvoiceTable } from '../invoice-table';
import { NoBillingAccount } from '../no-billing-account';

export const metadata: Metadata = { title: 'Billing overview' };

export default async function BillingOverviewPage() {
  const session = await requireSession('/billing');
  const overview = await getCustomerOverview(session, new Date());
  if (!overview) {
    return (
      <>
        <PageHeader title="Billing" />
        <NoBillingAccount email={session.email} isAdmin={await mayUseAdmin(session)} />
      </>
    );
  }
  const { customer, subscription, plan, amountDue, openInvoiceCount, nextDue, recentInvoices, payFirst, overdue, estimate, allowances } = overview;

  return (
    <>
      <PageHeader
        title="Overview"
        description={
          <>
            Billing account for <span data-testid="customer-name" className="font-medium text-slate-700">{customer.name}</span> ·{' '}
            {customer.email}
          </>
        }
        actions={customer.status === 'suspended' ? <StatusBadge status="suspended" label="Account suspended" /> : null}
      />

      <AccountBanner status={customer.status} suspendedAt={customer.suspendedAt} overdue={overdue} />

      <div className="grid gap-4 md:grid-cols-3">
        <div data-testid="plan-card" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs md:col-span-2">
          <div className="flex items-start justify-between gap-4">
            <div>
              <div className="text-sm font-medium text-slate-500">Current plan</div>
              <div data-testid="plan-name" className="mt-1 text-lg font-semibold text-slate-900">
                {plan?.name ?? 'No subscription'}
              </div>
            </div>
            {subscription ? <StatusBadge status={subscription.status} /> : null}
          </div>
          {plan ? (
            <>
              {plan.description ? <p className="mt-1 text-sm text-slate-500">{plan.description}</p> : null}
              <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
                <div>
                  <dt className="text-slate-500">Fixed fees</dt>
                  <dd className="mt-0.5 text-slate-900">
                    {plan.flatFees.length > 0 ? (
                      <>
                        <Money amount={plan.flatTotal} currency={plan.currency} className="font-medium" />{' '}
                        {formatInterval(plan.interval, plan.intervalCount)}
                      </>
                    ) : (
                      <>No fixed fee, usage only</>
                    )}
                    {plan.usageChargeCount > 0 && plan.flatFees.length > 0 ? (
                      <span className="text-slate-500"> + usage</span>
                    ) : null}
                  </dd>
                  {plan.flatFees.length > 1 ? (
                    <dd className="mt-1">
                      <ul className="space-y-0.5 text-xs text-slate-500">
                        {plan.flatFees.map((fee) => (
                          <li key={fee.description}>
                            {fee.description}: <Money amount={fee.amount} currency={plan.currency} />
                          </li>
                        ))}
                      </ul>
                    </dd>
                  ) : plan.flatFees[0] ? (
                    <dd className="mt-0.5 text-xs text-slate-500">{plan.flatFees[0].description}</dd>
                  ) : null}
                </div>
                {subscription ? (
                  <div>
                    <dt className="text-slate-500">Current period</dt>
                    <dd data-testid="current-period" className="mt-0.5 text-slate-900">
                      {formatPeriod(subscription.currentPeriodStart, subscription.currentPeriodEnd)}
                    </dd>
                    <dd data-testid="period-next" className="mt-0.5 text-xs text-slate-500">
                      {subscription.status === 'trialing' && subscription.trialEnd
                        ? `Trial ends ${formatDate(subscription.trialEnd)}`
                        : subscription.cancelAtPeriodEnd
                          ? `Ends ${formatDate(subscription.currentPeriodEnd)}`
                          : `Renews ${formatDate(subscription.currentPeriodEnd)}`}
                    </dd>
                  </div>
                ) : null}
                {plan.usageChargeCount > 0 ? (
                  <div className="sm:col-span-2">
                    <dt className="text-slate-500">Usage-based charges</dt>
                    <dd className="mt-0.5 text-slate-900">
                      {plan.usageChargeCount} metered {plan.usageChargeCount === 1 ? 'charge is' : 'charges are'} billed on
                      what you use each period.
                    </dd>
                  </div>
                ) : null}
              </dl>
            </>
          ) : (
            <p className="mt-2 text-sm text-slate-500">There is no subscription on this account.</p>
          )}
        </div>

        <div data-testid="amount-due-card" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <div className="text-sm font-medium text-slate-500">Amount due</div>
          <div data-testid="amount-due" className="mt-1 space-y-0.5 text-2xl font-semibold tracking-tight text-slate-900">
            {amountDue.map((due) => (
              <div key={due.currency}>
                <Money amount={due.amount} currency={due.currency} />
              </div>
            ))}
          </div>
          <p className="mt-2 text-sm text-slate-500">
            {openInvoiceCount === 0
              ? 'You are all paid up.'
              : `On ${openInvoiceCount} open ${openInvoiceCount === 1 ? 'invoice' : 'invoices'}.`}
          </p>
          {nextDue ? (
            <p data-testid="next-due" className={`mt-3 text-sm font-medium ${nextDue.overdue ? 'text-amber-700' : 'text-slate-700'}`}>
              {nextDue.overdue ? `Overdue since ${formatDate(nextDue.date)}` : `Due ${formatDate(nextDue.date)}`}
            </p>
          ) : null}
          <div className="mt-4 flex flex-wrap items-center gap-x-4 gap-y-2">
            {payFirst ? (
              <Link
                href={`/billing/invoices/${payFirst.id}`}
                data-testid="pay-button"
                className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
              >
                {payFirst.number ? `Pay ${payFirst.number}` : 'Pay'}
              </Link>
            ) : null}
            <Link href="/billing/invoices" className="text-sm font-medium text-indigo-700 hover:text-indigo-800">
              See invoices →
            </Link>
          </div>
          {openInvoiceCount > 1 && payFirst ? (
            <p className="mt-2 text-xs text-slate-500">The oldest open invoice first.</p>
          ) : null}
        </div>
      </div>

      {subscription ? (
        <div className="mt-4 grid gap-4 md:grid-cols-3">
          <div data-testid="estimate-card" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
            <div className="text-sm font-medium text-slate-500">Next invoice, estimated</div>
            {estimate ? (
              <>
                <div data-testid="estimate-amount" className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">
                  <Money amount={estimate.total} currency={estimate.currency} />
                </div>
                <p className="mt-2 text-sm text-slate-500">
                  {estimate.trial
                    ? 'Trial period: nothing is charged for it.'
                    : `For ${formatPeriod(estimate.periodStart, estimate.periodEnd)}, with the usage reported so far. Issued when the period ends.`}
                </p>
              </>
            ) : (
              <p className="mt-2 text-sm text-slate-500">No estimate: there is no open billing period.</p>
            )}
            <Link href="/billing/usage" className="mt-4 inline-block text-sm font-medium text-indigo-700 hover:text-indigo-800">
              See usage and the estimate →
            </Link>
          </div>
          <div data-testid="allowances-card" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs md:col-span-2">
            <h2 className="mb-3 text-sm font-medium text-slate-500">Included in your plan this period</h2>
            <AllowanceMeters allowances={allowances} />
          </div>
        </div>
      ) : null}

      <Section
        title="Recent invoices"
        testId="recent-invoices"
        aside={
          <Link href="/billing/invoices" className="font-medium text-indigo-600 hover:text-indigo-800">
            View all invoices →
          </Link>
        }
      >
        <InvoiceTable invoices={recentInvoices} label="Recent invoices" showDue={false} />
      </Section>
    </>
  );
}
