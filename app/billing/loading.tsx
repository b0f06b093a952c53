import { PageLoading } from '@/components/page-loading';

export default function BillingLoading() {
  return <PageLoading label="Loading your billing…" />;
}
