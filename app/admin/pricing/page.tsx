import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { CostProjector } from './cost-projector';
import { UnitCosts } from './unit-costs';

export const metadata: Metadata = { title: 'Pricing' };

// Tools for setting prices: each section is its own component next to this page.
export default async function AdminPricingPage() {
  await requireAdminWorkspace('/admin/pricing');
  return (
    <>
      <PageHeader title="Pricing" description="Try prices before you commit to them: what they cost you, what they bring in and the margin left." />
      <CostProjector />
      <UnitCosts />
    </>
  );
}
