import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { requireAdmin } from '@/lib/admin-overview/require-admin';

const NAV = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/customers', label: 'Customers' },
  { href: '/admin/invoices', label: 'Invoices' },
];

// Signed-out visitors are sent to /login; signed-in non-admins get app/forbidden.tsx with a 403.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await requireAdmin('/admin');
  return (
    <AppShell area="Admin" email={session.email} nav={NAV} testId="admin-shell">
      {children}
    </AppShell>
  );
}
