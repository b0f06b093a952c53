// A plan version in short words for the catalog's tables: its flat fees per period, and each charge as
// its label and model ("API calls: graduated, 3 tiers"). The plan page says the prices in full
// (lib/catalog/describe-charges.ts).
import { toExact } from '@/lib/billing/exact-decimal';
import type { ChargeView, PlanView } from '@/lib/catalog/plan-view';

const MODEL_WORDS: Record<ChargeView['model'], string> = { flat: 'flat fee', per_unit: 'per unit', graduated: 'graduated', volume: 'volume', package: 'package' };

/** What the flat charges come to each period, exact (usage comes on top). */
export function baseFee(plan: Pick<PlanView, 'charges'>): string {
  return plan.charges
    .filter((c) => c.model === 'flat')
    .reduce((sum, c) => sum.plus(toExact(c.amount ?? '0', 'amount')), toExact(0))
    .toFixed();
}

export function chargeSummary(charge: ChargeView): string {
  const tiers = charge.tiers?.length ? `, ${charge.tiers.length} ${charge.tiers.length === 1 ? 'tier' : 'tiers'}` : '';
  const included = charge.included_units ? `, ${charge.included_units} included` : '';
  return `${charge.description}: ${MODEL_WORDS[charge.model]}${tiers}${included}`;
}

export const alignmentWords = (plan: Pick<PlanView, 'billing_alignment'>) => (plan.billing_alignment === 'calendar' ? 'Calendar periods' : 'Anniversary periods');
export const advanceWords = (plan: Pick<PlanView, 'pay_in_advance'>) => (plan.pay_in_advance ? 'Flat fees in advance' : 'Flat fees in arrears');
