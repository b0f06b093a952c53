import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { requireSession } from '@/lib/dashboard/require-session';

const NAV = [
  { href: '/billing', label: 'Overview' },
  { href: '/billing/usage', label: 'Usage' },
  { href: '/billing/invoices', label: 'Invoices' },
  { href: '/billing/subscription', label: 'Subscription' },
  { href: '/billing/payment-methods', label: 'Payment methods' },
  { href: '/billing/settings', label: 'Settings' },
];

export default async function BillingLayout({ children }: { children: ReactNode }) {
  const session = await requireSession('/billing');
  return (
    <AppShell
      area="Billing"
      email={session.email}
      nav={NAV}
      testId="billing-shell"
      switchTo={(await mayUseAdmin(session)) ? { href: '/admin', label: 'Admin console' } : undefined}
    >
      {children}
    </AppShell>
  );
}
