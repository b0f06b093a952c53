// The overview's banner when the account is behind: suspended (dunning suspended it after the grace
// period) or past due (an invoice is past its due date). It says what happened and the way out; a
// suspended account is reactivated by lib/dunning/reactivate.ts as soon as a payment leaves nothing
// unpaid past the grace period, so paying the overdue invoices is the whole way back.
import Link from 'next/link';
import { formatDate } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import type { OpenInvoiceRef } from '@/lib/dashboard/get-customer-overview';

const invoiceName = (invoice: OpenInvoiceRef) => (invoice.number ? `invoice ${invoice.number}` : 'an invoice');

export function AccountBanner({ status, suspendedAt, overdue }: { status: 'active' | 'suspended'; suspendedAt: Date | null; overdue: OpenInvoiceRef[] }) {
  const oldest = overdue[0] ?? null;
  const more = overdue.length > 1 ? ` and ${overdue.length - 1} more ${overdue.length === 2 ? 'invoice' : 'invoices'}` : '';
  const payLink = oldest ? (
    <Link href={`/billing/invoices/${oldest.id}`} data-testid="banner-pay" className="font-semibold underline underline-offset-2 hover:no-underline">
      Pay {invoiceName(oldest)} ({formatMoney(oldest.amountDue, oldest.currency)})
    </Link>
  ) : null;

  if (status === 'suspended') {
    return (
      <div role="alert" data-testid="account-banner" data-kind="suspended" className="mb-6 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
        <p className="font-semibold">Your account is suspended{suspendedAt ? ` since ${formatDate(suspendedAt)}` : ''}.</p>
        <p className="mt-1">
          {oldest
            ? `It was suspended because ${invoiceName(oldest)}${more} stayed unpaid after ${oldest.dueDate ? `its due date, ${formatDate(oldest.dueDate)}` : 'its due date'}. `
            : 'It was suspended because invoices stayed unpaid after their due date. '}
          Paying the overdue {overdue.length === 1 ? 'invoice' : 'invoices'} reactivates the account as soon as the payment is recorded; your plan and usage
          carry on from there.
        </p>
        {payLink ? <p className="mt-2">{payLink}</p> : (
          <p className="mt-2">
            <Link href="/billing/invoices" className="font-semibold underline underline-offset-2 hover:no-underline">
              See your invoices
            </Link>
          </p>
        )}
      </div>
    );
  }
  if (!oldest) return null;
  return (
    <div role="alert" data-testid="account-banner" data-kind="past_due" className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-semibold">A payment is overdue.</p>
      <p className="mt-1">
        {`${invoiceName(oldest).replace(/^./, (c) => c.toUpperCase())}${more} ${overdue.length > 1 ? 'are' : 'is'} past due${oldest.dueDate ? ` (due ${formatDate(oldest.dueDate)})` : ''}. `}
        Pay it to keep your account active: unpaid invoices lead to reminders and, after the grace period, suspension.
      </p>
      <p className="mt-2">{payLink}</p>
    </div>
  );
}
