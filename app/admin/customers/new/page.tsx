import type { Metadata } from 'next';
import { BackLink } from '@/components/back-link';
import { PageHeader } from '@/components/page-header';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { CUSTOMER_FORM_FIELDS, type CustomerFormValues } from '@/lib/customers/customer-form';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { CustomerForm } from '../customer-form';
import { createCustomerAction } from './actions';

export const metadata: Metadata = { title: 'New customer' };

const EMPTY = Object.fromEntries(CUSTOMER_FORM_FIELDS.map((name) => [name, name === 'payment_method' ? 'card' : ''])) as CustomerFormValues;

/** A new customer of the workspace; a viewer is told they may not add one. */
export default async function NewCustomerPage() {
  const scope = await requireAdminWorkspace('/admin/customers/new');
  return (
    <>
      <BackLink href="/admin/customers" label="Customers" />
      <PageHeader title="New customer" description={`A customer of ${scope.workspace.name}. Subscribe them to a plan on their page once they are added.`} />
      {mayWrite(scope.role) ? (
        <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
          <CustomerForm action={createCustomerAction} initial={EMPTY} defaultCurrency={scope.config.defaultCurrency} submitLabel="Add customer" pendingLabel="Adding…" testId="new-customer-form" />
        </div>
      ) : (
        <p className="text-sm text-slate-600" data-testid="view-only">
          Your role in this workspace (viewer) may look but not change anything.
        </p>
      )}
    </>
  );
}
