'use client';
// What the page shows when reading the subscription failed: the reason stays in the server's log.
import { secondaryButton } from './buttons';

export default function SubscriptionError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div role="alert" data-testid="subscription-error" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-semibold">Your subscription could not be loaded.</p>
      <p className="mt-1">Nothing was changed. Try again in a moment.</p>
      <button type="button" onClick={reset} className={`mt-3 ${secondaryButton}`}>
        Try again
      </button>
    </div>
  );
}
