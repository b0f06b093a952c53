import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { PricingSimulator } from './pricing-simulator';

export const metadata: Metadata = { title: 'Pricing' };

export default async function AdminPricingPage() {
  const scope = await requireAdminWorkspace('/admin/pricing');
  return (
    <>
      <PageHeader title="Pricing" description="Try a price before you change it: what your customers would have paid, and who would pay more." />
      <PricingSimulator db={scope.database.db} />
    </>
  );
}
