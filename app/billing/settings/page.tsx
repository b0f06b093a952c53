import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { BudgetMeter } from '@/components/budget-meter';
import { getCustomerBudget } from '@/lib/dashboard/get-customer-budget';
import { getCustomerSettings } from '@/lib/dashboard/get-customer-settings';
import { formatPeriod } from '@/lib/format/format-date';
import { requireSession } from '@/lib/dashboard/require-session';
import { NoBillingAccount } from '../no-billing-account';
import { isIsoCountry } from '@/lib/billing/iso-codes';
import { countryName } from '@/lib/format/format-text';
import { BillingDetailsForm, type CountryOption } from './billing-details-form';
import { BillingEmailsForm } from './billing-emails-form';
import { BudgetForm } from './budget-form';
import { budgetFormValues } from './budget-form-values';

const percentList = (percents: number[]) => percents.map((p) => `${p}%`).join(', ');

export const metadata: Metadata = { title: 'Billing settings' };

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
/** Every assigned ISO 3166-1 country, by its English name: the same list the API accepts. */
const COUNTRIES: CountryOption[] = LETTERS.flatMap((a) => LETTERS.map((b) => `${a}${b}`))
  .filter(isIsoCountry)
  .map((code) => ({ code, name: countryName(code) }))
  .sort((x, y) => x.name.localeCompare(y.name, 'en'));

export default async function BillingSettingsPage() {
  const session = await requireSession('/billing/settings');
  const customer = await getCustomerSettings(session);
  const budgetState = customer ? await getCustomerBudget(session, { now: new Date() }) : null;
  if (!customer || !budgetState) {
    return (
      <>
        <PageHeader title="Settings" />
        <NoBillingAccount email={session.email} isAdmin={await mayUseAdmin(session)} />
      </>
    );
  }
  const { budget } = budgetState;
  return (
    <>
      <PageHeader title="Settings" description={<>Billing settings for {customer.name}</>} />
      {customer.emailBouncedAt ? (
        <div role="alert" data-testid="email-bounced" className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Our last email to you could not be delivered. Check the addresses below.
        </div>
      ) : null}
      <Section title="Billing details" testId="billing-details">
        <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <p className="text-sm text-slate-600">
            Your next invoice is made out to these details. Invoices already issued keep the details they were issued with.
          </p>
          <BillingDetailsForm
            current={{ name: customer.name, address: customer.addressLines.join('\n'), country: customer.country ?? '', tax_id: customer.taxId ?? '' }}
            countries={COUNTRIES}
          />
        </div>
      </Section>
      <Section title="Billing emails" testId="billing-emails">
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <BillingEmailsForm current={customer.billingEmails} accountEmail={customer.email} />
        </div>
      </Section>
      <div id="budget" className="scroll-mt-4">
      <Section title="Budget" testId="budget">
        <div className="space-y-5 rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          {budget ? (
            <div data-testid="budget-current" className="space-y-2">
              <BudgetMeter spend={budget.current_period.spend} amount={budget.amount} currency={budget.currency} percentUsed={budget.current_period.percent_used} />
              <p className="text-sm text-slate-600">
                This period, {formatPeriod(budget.current_period.start, budget.current_period.end)}. Emails at {percentList(budget.notify_at_percent)}
                {budget.current_period.notified_at_percent.length ? `; reached so far: ${percentList(budget.current_period.notified_at_percent)}` : ''}.
              </p>
            </div>
          ) : (
            <p data-testid="budget-none" className="text-sm text-slate-600">
              No budget is set. Set one to get an email when this billing period’s spending reaches a share of it.
            </p>
          )}
          <BudgetForm current={budgetFormValues(budget)} currency={budgetState.currency} hasBudget={budget !== null} />
        </div>
      </Section>
      </div>
      <Section title="Your data" testId="your-data">
        <div className="space-y-3 rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <p className="text-sm text-slate-600">
            Download everything we hold about your account as one JSON file: your details, sign-in, subscriptions, invoices, credit notes, payments, payment methods, usage
            events, emails and the account’s history.
          </p>
          <a
            href="/api/billing/export"
            download
            data-testid="export-my-data"
            className="inline-block rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-xs ring-1 ring-slate-300 ring-inset hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
          >
            Download my data
          </a>
        </div>
      </Section>
    </>
  );
}
