'use client';
// The page could not be shown (the database or Stripe failed while reading): say so, offer a retry.
import { Notice } from '@/components/notice';

export default function PaymentMethodsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <Notice tone="error" title="Your payment methods could not be loaded" testId="payment-methods-failed">
      Nothing was changed.{' '}
      <button type="button" onClick={reset} className="font-semibold underline underline-offset-2">
        Try again
      </button>
    </Notice>
  );
}
