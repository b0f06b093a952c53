import type { Metadata } from 'next';
import Link from 'next/link';
import { Money } from '@/components/money';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { toExact } from '@/lib/billing/exact-decimal';
import { describeInterval } from '@/lib/catalog/describe-charges';
import { customerScope } from '@/lib/dashboard/customer-scope';
import { requireSession } from '@/lib/dashboard/require-session';
import { formatDate, formatPeriod } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { getSubscriptionOverview, type PlanOffer, type SubscriptionOverview } from '@/lib/subscriptions/get-subscription-overview';
import { lastUtcDayOfPeriod, parseUtcDay } from '@/lib/time/utc-day';
import { NoBillingAccount } from '../no-billing-account';
import { UsageEstimateTable } from '../usage/usage-estimate';
import { PlanPrices } from './plan-prices';
import { CancelForm, PlanChangeForm, ResumeForm } from './subscription-forms';

export const metadata: Metadata = { title: 'Subscription' };

/** The last day a half-open period covers: [Oct 1, Nov 1) ends "Oct 31, 2026". */
const lastDay = (end: string) => formatDate(parseUtcDay(lastUtcDayOfPeriod(end)));

/** What a change to `offer` does, in the order it happens (lib/subscriptions/change-plan.ts). */
function consequences(current: PlanOffer, offer: PlanOffer, subscription: NonNullable<SubscriptionOverview['subscription']>): string[] {
  if (subscription.current_period.trial) {
    return [`You are in your free trial: it continues on ${offer.name} until it ends, and nothing is billed for it.`, `${offer.name}’s prices apply from now on.`];
  }
  const lines = [
    `Your current period is prorated: ${current.name} is billed up to now (its fees for the share of the period used, and the usage so far) on an invoice issued at the next billing run.`,
    offer.keeps_cycle
      ? `${offer.name} starts today and runs to the end of the current period, ${lastDay(subscription.current_period.end)}, its fees prorated for that part; renewals stay on the same day.`
      : `${offer.name} starts today with a billing period of its own, renewed ${describeInterval(offer)} from today.`,
  ];
  if (current.pay_in_advance) lines.push(`The part of ${current.name}’s fee paid in advance for the rest of the period is credited to you.`);
  if (offer.pay_in_advance) lines.push(`${offer.name}’s fee for its first period is invoiced now.`);
  return lines;
}

/** "$10.00 more than you paid", "$10.00 less", "the same". */
function Difference({ amount, currency }: { amount: string; currency: string }) {
  const value = toExact(amount, 'difference');
  if (value.isZero()) return <span data-testid="offer-difference">the same as you paid</span>;
  const text = `${formatMoney(value.abs(), currency)} ${value.isNegative() ? 'less' : 'more'} than you paid`;
  return (
    <span data-testid="offer-difference" className={value.isNegative() ? 'text-emerald-700' : 'text-amber-800'}>
      {text}
    </span>
  );
}

const DONE: Record<string, string> = {
  changed: 'Your plan is changed. The new plan applies from now; what the old plan owes for the period so far is invoiced at the next billing run.',
  cancelled: 'Your subscription is set to end with the current period.',
  resumed: 'Your subscription is resumed: it renews as before.',
};

export default async function SubscriptionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireSession('/billing/subscription');
  const { database, config } = await customerScope(session);
  const overview = await getSubscriptionOverview(database.db, session, { now: new Date(), defaultTaxRate: config.defaultTaxRate });
  if (!overview) {
    return (
      <>
        <PageHeader title="Subscription" />
        <NoBillingAccount email={session.email} isAdmin={await mayUseAdmin(session)} />
      </>
    );
  }
  const { customer, subscription, last_period: lastPeriod, offers, estimate } = overview;
  const done = (await searchParams).done;
  const doneMessage = typeof done === 'string' ? DONE[done] : undefined;
  const suspended = customer.status === 'suspended';
  // a suspended account is reactivated by paying; until then the page only shows where things stand
  const mayAct = subscription !== null && !suspended;

  return (
    <>
      <PageHeader title="Subscription" description={<>Your plan, the plans you can move to, and your renewal · {customer.name}</>} />

      <div className="space-y-3">
        {doneMessage ? (
          <Notice title="Done" testId="subscription-done">
            {doneMessage}
          </Notice>
        ) : null}
        {suspended ? (
          <Notice tone="error" title="Your account is suspended" testId="subscription-suspended">
            An invoice is overdue, so the account is suspended and the plan cannot be changed or cancelled here.{' '}
            <Link href="/billing/invoices" className="font-semibold underline underline-offset-2">
              Pay the open invoices
            </Link>{' '}
            to reactivate it.
          </Notice>
        ) : null}
        {!subscription ? (
          <Notice tone="warning" title="No active subscription" testId="subscription-none">
            There is no active subscription on this account, so there is no plan to change or cancel. Contact us to start one.
          </Notice>
        ) : null}
        {subscription?.status === 'past_due' && !suspended ? (
          <Notice tone="warning" title="A payment is past due" testId="subscription-past-due">
            Your subscription continues, but an invoice is unpaid.{' '}
            <Link href="/billing/invoices" className="font-semibold underline underline-offset-2">
              Pay it now
            </Link>{' '}
            to avoid a suspension.
          </Notice>
        ) : null}
        {subscription?.cancel_at_period_end ? (
          <div role="status" data-testid="cancel-banner" className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
            <p>
              <span className="font-semibold">Your subscription ends on {lastDay(subscription.current_period.end)}</span>, with the current period. You can resume
              it until then.
            </p>
            {mayAct ? <ResumeForm /> : null}
          </div>
        ) : null}
      </div>

      {subscription ? (
        <>
          <Section title="Your plan" testId="current-plan">
            <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div className="min-w-0">
                  <p data-testid="subscription-plan-name" className="text-lg font-semibold text-slate-900">
                    {subscription.plan.name}
                  </p>
                  {subscription.plan.description ? <p className="mt-0.5 text-sm text-slate-500">{subscription.plan.description}</p> : null}
                </div>
                <div className="flex flex-wrap gap-2" data-testid="subscription-status">
                  <StatusBadge status={subscription.status} />
                  {subscription.cancel_at_period_end ? <StatusBadge status="canceled" label="Cancels at period end" /> : null}
                </div>
              </div>
              <dl className="mt-4 grid gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
                <div>
                  <dt className="text-slate-500">Current period</dt>
                  <dd data-testid="subscription-period" className="mt-0.5 text-slate-900">
                    {formatPeriod(subscription.current_period.start, subscription.current_period.end)}
                  </dd>
                </div>
                <div>
                  <dt className="text-slate-500">{subscription.cancel_at_period_end ? 'Ends on' : 'Last day of the period'}</dt>
                  <dd className="mt-0.5 text-slate-900">{lastDay(subscription.current_period.end)}</dd>
                </div>
                {subscription.status === 'trialing' && subscription.trial_end ? (
                  <div>
                    <dt className="text-slate-500">Free trial until</dt>
                    <dd className="mt-0.5 text-slate-900">{lastDay(subscription.trial_end)}</dd>
                  </div>
                ) : null}
              </dl>
              <h3 className="mt-5 text-sm font-semibold text-slate-900">Prices</h3>
              <div className="mt-2">
                <PlanPrices prices={subscription.plan.prices} testId="current-plan-prices" />
              </div>
              {mayAct && !subscription.cancel_at_period_end ? (
                <div className="mt-5 border-t border-slate-100 pt-4">
                  <CancelForm endsOn={lastDay(subscription.current_period.end)} />
                </div>
              ) : null}
            </div>
          </Section>

          {overview.ended_unbilled.length > 0 ? (
            <Section title="Due at the next billing run" testId="ended-unbilled">
              <ul className="space-y-2 rounded-xl border border-slate-200 bg-white p-5 text-sm text-slate-700 shadow-xs">
                {overview.ended_unbilled.map((part) => (
                  <li key={part.start} data-testid="ended-unbilled-part" className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                    <span>
                      <span className="font-medium text-slate-900">{part.plan_name}</span>, {formatPeriod(part.start, part.end)}
                      {part.trial ? ' (free trial, not charged)' : part.prorated ? ' (fees prorated for this part of the period, and its usage)' : ''}
                    </span>
                    <span className="font-semibold text-slate-900">
                      <Money amount={part.subtotal} currency={subscription.plan.currency} /> <span className="font-normal text-slate-500">before tax</span>
                    </span>
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}

          {estimate ? (
            <Section title="Next invoice (estimate)" testId="next-invoice" aside={<span className="text-slate-500">{subscription.plan.name}, this period so far</span>}>
              <UsageEstimateTable estimate={estimate} />
            </Section>
          ) : null}

          <Section title="Plans you can move to" testId="plan-offers">
            <p data-testid="offers-basis" className="mb-4 text-sm text-slate-600">
              {lastPeriod ? (
                <>
                  What each plan would have cost for your last invoiced period, {formatPeriod(lastPeriod.start, lastPeriod.end)}, with the same usage, before tax. You
                  paid <Money amount={lastPeriod.actual} currency={subscription.plan.currency} className="font-medium text-slate-900" /> on {lastPeriod.plan_name}.
                </>
              ) : (
                <>You have no invoiced period yet, so there is no last period to compare the plans on. Their prices are below.</>
              )}
            </p>
            {subscription.billed_by_stripe && mayAct ? (
              <div className="mb-4">
                <Notice testId="plan-change-stripe">Your plan’s fee is billed through Stripe, so a plan change is made by us: contact us to change your plan.</Notice>
              </div>
            ) : null}
            <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
              <li data-testid="offer-current" className="flex flex-col rounded-xl border-2 border-indigo-200 bg-white p-5 shadow-xs">
                <OfferHeading offer={subscription.plan} current />
                {lastPeriod ? (
                  <p className="mt-3 text-sm text-slate-700">
                    Last period you paid{' '}
                    <span data-testid="offer-actual-cost" className="font-semibold text-slate-900">
                      <Money amount={lastPeriod.actual} currency={subscription.plan.currency} />
                    </span>
                  </p>
                ) : null}
                {/* the same prices as under "Your plan" above: folded here so the offers stay side by side */}
                <details className="mt-3 text-sm">
                  <summary className="cursor-pointer font-medium text-indigo-700 hover:text-indigo-600">Its prices</summary>
                  <div className="mt-2">
                    <PlanPrices prices={subscription.plan.prices} />
                  </div>
                </details>
              </li>
              {offers.map((offer) => (
                <li key={offer.code} data-testid="plan-offer" data-plan-code={offer.code} className="flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
                  <OfferHeading offer={offer} />
                  {offer.last_period_cost !== null && offer.difference !== null ? (
                    <p className="mt-3 text-sm text-slate-700">
                      Last period would have cost{' '}
                      <span data-testid="offer-last-period-cost" className="font-semibold text-slate-900">
                        <Money amount={offer.last_period_cost} currency={offer.currency} />
                      </span>
                      : <Difference amount={offer.difference} currency={offer.currency} />
                    </p>
                  ) : null}
                  <div className="mt-3 flex-1">
                    <PlanPrices prices={offer.prices} />
                  </div>
                  {mayAct && !subscription.billed_by_stripe ? (
                    <div className="mt-4">
                      <PlanChangeForm planCode={offer.code} planName={offer.name} currentPlanName={subscription.plan.name} consequences={consequences(subscription.plan, offer, subscription)} />
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
            {offers.length === 0 ? <p className="mt-3 text-sm text-slate-500">No other plan is offered in your currency.</p> : null}
          </Section>
        </>
      ) : null}
    </>
  );
}

function OfferHeading({ offer, current = false }: { offer: PlanOffer; current?: boolean }) {
  return (
    <div>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-base font-semibold text-slate-900">{offer.name}</h3>
        {current ? <span className="rounded-full bg-indigo-50 px-2 py-0.5 text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-600/20">Your plan</span> : null}
      </div>
      {offer.description ? <p className="mt-1 text-sm text-slate-500">{offer.description}</p> : null}
    </div>
  );
}
