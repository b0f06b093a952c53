import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { requireSession } from '@/lib/dashboard/require-session';
import { NoBillingAccount } from '../no-billing-account';
import { AddPaymentMethodForm } from './add-payment-method-form';
import { loadPaymentMethods, recordCheckoutReturn, type ReturnNotice } from './load-payment-methods';
import { PaymentMethodList, PaymentMethodSummary } from './payment-method-list';

export const metadata: Metadata = { title: 'Payment methods' };

const RETURN_TONE = { success: 'info', info: 'info', error: 'error' } as const;

/** Without Stripe: no cards here, and how invoices are paid instead. */
function BankTransferRoute() {
  return (
    <Section title="Paying by bank transfer" testId="bank-transfer-route">
      <div className="rounded-xl border border-slate-200 bg-white p-5 text-sm text-slate-700 shadow-xs">
        <ol className="list-decimal space-y-2 pl-5">
          <li>Open an unpaid invoice from your invoice list.</li>
          <li>It shows the bank account to pay into (IBAN and BIC), the amount, and the reference to use: the invoice number.</li>
          <li>Transfer the amount with that reference. The invoice is marked paid once the money arrives.</li>
        </ol>
        <Link
          href="/billing/invoices"
          className="mt-4 inline-flex items-center rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
        >
          Go to your invoices
        </Link>
      </div>
    </Section>
  );
}

export default async function PaymentMethodsPage({ searchParams }: { searchParams: Promise<{ setup_session?: string | string[] }> }) {
  const session = await requireSession('/billing/payment-methods');
  const { setup_session: setupSession } = await searchParams;
  let data = await loadPaymentMethods(session);
  // back from Stripe Checkout: record what was saved, then read the list again so it is on it
  let returned: ReturnNotice | null = null;
  if (data?.stripeConfigured && typeof setupSession === 'string' && setupSession !== '') {
    returned = await recordCheckoutReturn(session, setupSession);
    data = await loadPaymentMethods(session);
  }
  if (!data) {
    return (
      <>
        <PageHeader title="Payment methods" />
        <NoBillingAccount email={session.email} isAdmin={await mayUseAdmin(session)} />
      </>
    );
  }
  const { customer, methods, stripeConfigured, hasDefault } = data;

  if (!stripeConfigured) {
    return (
      <>
        <PageHeader title="Payment methods" description={<>How {customer.name} pays</>} />
        <Notice title="Cards are not available on this installation" testId="cards-unavailable">
          This billing system is not connected to a card processor, so cards and SEPA Direct Debit mandates cannot be added, changed or
          removed here. Your invoices are paid by bank transfer.
        </Notice>
        <BankTransferRoute />
        {methods.length > 0 ? (
          <Section title="On file" testId="payment-methods-on-file">
            <p className="mb-3 text-sm text-slate-600">Recorded earlier; they cannot be changed while card payments are off.</p>
            <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-xs" data-testid="payment-method-list">
              {methods.map((method) => (
                <li key={method.id} data-testid="payment-method" className="p-4">
                  <PaymentMethodSummary method={method} />
                </li>
              ))}
            </ul>
          </Section>
        ) : null}
      </>
    );
  }

  return (
    <>
      <PageHeader title="Payment methods" description={<>Cards and SEPA Direct Debit mandates for {customer.name}</>} />
      <div className="space-y-3">
        {returned ? (
          <Notice tone={RETURN_TONE[returned.tone]} title={returned.tone === 'success' ? 'Payment method saved' : undefined} testId="checkout-return">
            {returned.text}
          </Notice>
        ) : null}
        {customer.autoPay && methods.length > 0 && !hasDefault ? (
          <Notice tone="warning" title="No default payment method" testId="no-default-warning">
            Your invoices are charged automatically to your default payment method, and none is chosen. Use “Make default” on one below, or
            your next invoice will wait for you to pay it.
          </Notice>
        ) : null}
        {customer.autoPay && methods.length === 0 ? (
          <Notice tone="warning" title="No payment method on file" testId="no-method-warning">
            Your invoices are charged automatically. Add a card or bank account so the next one can be paid.
          </Notice>
        ) : null}
      </div>
      <Section title="Saved payment methods" testId="saved-payment-methods">
        <PaymentMethodList methods={methods} />
        <div className="mt-4">
          <AddPaymentMethodForm first={methods.length === 0} />
        </div>
      </Section>
      <p className="mt-8 text-sm text-slate-600">
        Prefer to pay by bank transfer? Each <Link href="/billing/invoices" className="font-semibold text-indigo-700 underline underline-offset-2">invoice</Link> shows the bank details and the reference to use.
      </p>
    </>
  );
}
