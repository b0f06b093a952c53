import Link from 'next/link';
import { Notice } from '@/components/notice';

/** What a signed-in user without a customer record sees instead of their billing data. */
export function NoBillingAccount({ email, isAdmin }: { email: string | null; isAdmin: boolean }) {
  if (isAdmin) {
    return (
      <Notice title="You are signed in as an admin" testId="admin-billing-note">
        Admin accounts have no customer record, so there is no subscription or invoice to show here. Customers, revenue and
        every invoice are in the{' '}
        <Link href="/admin" className="font-semibold underline underline-offset-2">
          admin console
        </Link>
        .
      </Notice>
    );
  }
  return (
    <Notice tone="warning" title="No billing account yet" testId="no-billing-account">
      No billing account is linked to <strong>{email ?? 'this sign-in'}</strong> yet — ask the operator to link it. Once it
      is linked, your subscription, usage charges and invoices appear here.
    </Notice>
  );
}
