import { PageLoading } from '@/components/page-loading';

// Beside its page, not at the section's root: see app/billing/(overview)/loading.tsx.
export default function AdminLoading() {
  return <PageLoading label="Loading…" />;
}
