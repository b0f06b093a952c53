import type { Metadata } from 'next';
import { BackLink } from '@/components/back-link';
import { Notice } from '@/components/notice';
import { PageHeader } from '@/components/page-header';
import { listMetricUnitCosts } from '@/lib/admin-overview/list-metric-unit-costs';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { blankPlanForm } from '@/lib/catalog/plan-form';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { PlanForm } from '../plan-form';

export const metadata: Metadata = { title: 'New plan' };

// Version 1 of a new plan, in the workspace's default currency unless changed; saving goes to the
// plan's page. Viewers are told they cannot, and get no form.
export default async function NewPlanPage() {
  const scope = await requireAdminWorkspace('/admin/catalog/new-plan');
  const readOnly = !mayWrite(scope.role);
  const metrics = readOnly ? [] : (await listMetricUnitCosts(scope)).map(({ code, name, unit }) => ({ code, name, unit }));
  return (
    <>
      <BackLink href="/admin/catalog" label="Catalog" />
      <PageHeader title="New plan" description="A plan’s fields and its charges: a flat fee per period, usage priced per unit, in graduated or volume tiers, or per package, each with an optional included allowance." />
      {readOnly ? (
        <Notice testId="catalog-view-only">View only: your role in this workspace (viewer) cannot create plans.</Notice>
      ) : (
        <PlanForm mode="create" initial={blankPlanForm(scope.config.defaultCurrency)} metrics={metrics} submitLabel="Create plan" cancelHref="/admin/catalog" />
      )}
    </>
  );
}
