'use client';

import { PageError } from '@/components/page-error';

export default function BillingError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <PageError error={error} reset={reset} home={{ href: '/billing', label: 'Back to the billing overview' }} />;
}
