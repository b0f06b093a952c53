import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { CostProjector } from './cost-projector';
import { PricingSimulator } from './pricing-simulator';
import { UnitCosts } from './unit-costs';

export const metadata: Metadata = { title: 'Pricing' };

// Tools for setting prices, each section its own component next to this page: what a price would
// cost and earn (the CostProjector), what last period's customers would have paid under it (the
// simulator), and what each metric costs you.
export default async function AdminPricingPage() {
  const scope = await requireAdminWorkspace('/admin/pricing');
  return (
    <>
      <PageHeader title="Pricing" description="Try prices before you commit to them: what they cost you, what your customers would have paid, and the margin left." />
      <CostProjector />
      <PricingSimulator db={scope.database.db} />
      <UnitCosts />
    </>
  );
}
