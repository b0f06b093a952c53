import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { WorkspaceSwitcher } from '@/components/workspace-switcher';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';

const NAV = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/customers', label: 'Customers' },
  { href: '/admin/invoices', label: 'Invoices' },
  { href: '/admin/catalog', label: 'Catalog' },
  { href: '/admin/runs', label: 'Runs' },
  { href: '/admin/emails', label: 'Emails' },
  { href: '/admin/alerts', label: 'Alerts' },
  { href: '/admin/webhooks', label: 'Webhooks' },
  { href: '/admin/pricing', label: 'Pricing' },
  { href: '/admin/reports', label: 'Reports' },
  { href: '/admin/audit', label: 'Audit' },
  { href: '/admin/settings', label: 'Settings' },
];

// Signed-out visitors are sent to /login; signed-in users who work in no workspace get
// app/forbidden.tsx with a 403. Everything below reads the workspace the header's switcher chose.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const { session, workspace, role, workspaces } = await requireAdminWorkspace('/admin');
  return (
    <AppShell
      area="Admin"
      email={session.email}
      nav={NAV}
      testId="admin-shell"
      workspace={
        <WorkspaceSwitcher
          current={{ slug: workspace.slug, name: workspace.name }}
          options={workspaces.map((a) => ({ slug: a.workspace.slug, name: a.workspace.name }))}
          readOnly={role === 'viewer'}
        />
      }
    >
      {children}
    </AppShell>
  );
}
