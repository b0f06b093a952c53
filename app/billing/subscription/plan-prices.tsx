import type { ChargeDescription } from '@/lib/catalog/describe-charges';

/** A plan's prices in words (lib/catalog/describe-charges.ts): one line per charge, tiers as a short list. */
export function PlanPrices({ prices, testId }: { prices: ChargeDescription[]; testId?: string }) {
  if (prices.length === 0) return <p className="text-sm text-slate-500">This plan has no charges: it is free.</p>;
  return (
    <ul data-testid={testId} className="space-y-2 text-sm text-slate-700">
      {prices.map((price, index) => (
        <li key={`${price.label}-${index}`} data-testid="plan-price" className="break-words">
          <span className="font-medium text-slate-900">{price.label}:</span> {price.text}
          {price.tiers ? (
            <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-600">
              {price.tiers.map((tier) => (
                <li key={tier}>{tier}</li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
