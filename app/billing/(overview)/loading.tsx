import { PageLoading } from '@/components/page-loading';

// Each loading state sits beside the page it covers (here in a route group of the overview alone),
// never at the section's root: around a page that may answer 404 (an invoice, a customer) a loading
// boundary starts the response first, and the 404 would go out as a 200.
export default function BillingLoading() {
  return <PageLoading label="Loading your billing…" />;
}
