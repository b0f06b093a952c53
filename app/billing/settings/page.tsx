import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { getCustomerSettings } from '@/lib/dashboard/get-customer-settings';
import { requireSession } from '@/lib/dashboard/require-session';
import { NoBillingAccount } from '../no-billing-account';
import { BillingEmailsForm } from './billing-emails-form';

export const metadata: Metadata = { title: 'Billing settings' };

export default async function BillingSettingsPage() {
  const session = await requireSession('/billing/settings');
  const customer = await getCustomerSettings(session);
  if (!customer) {
    return (
      <>
        <PageHeader title="Settings" />
        <NoBillingAccount email={session.email} isAdmin={await mayUseAdmin(session)} />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Settings" description={<>Billing settings for {customer.name}</>} />
      {customer.emailBouncedAt ? (
        <div role="alert" data-testid="email-bounced" className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          Our last email to you could not be delivered. Check the addresses below.
        </div>
      ) : null}
      <Section title="Billing emails" testId="billing-emails">
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <BillingEmailsForm current={customer.billingEmails} accountEmail={customer.email} />
        </div>
      </Section>
    </>
  );
}
