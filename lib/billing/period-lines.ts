// What a billing period's invoice carries, by when it is issued. Flat fees are billed in arrears with
// the period's usage (the default), or in advance when the period starts (a plan that pays in advance),
// or by Stripe (a Stripe subscription bills them); usage is always billed when the period ends. Each
// fee is on exactly one invoice. A period that is part of a cycle (a calendar plan's first period, the
// parts of a plan change) bills its flat fees prorated by its share of the cycle's time.
import { prorateFlatLines, type TimeRange } from './proration';
import { rateCharges, type InvoiceLineDraft, type RatedChargeInput } from './rating';
import type { Currency } from './money';

export type BillingTiming = 'arrears' | 'advance';

/** Where a period's flat fees are billed. */
export type FlatFeeBilling = 'arrears' | 'advance' | 'stripe';

export type PeriodLinesInput = {
  charges: RatedChargeInput[];
  /** the period's usage by usage key; unused in advance */
  usage: Record<string, string>;
  currency: Currency;
  period: TimeRange;
  /** the whole cycle when the period is part of one */
  cycle: TimeRange | null;
  timing: BillingTiming;
  flatFees: FlatFeeBilling;
};

/** The charges an invoice at this timing prices: none means there is no invoice to issue. */
export function chargesBilledAt(charges: RatedChargeInput[], timing: BillingTiming, flatFees: FlatFeeBilling): RatedChargeInput[] {
  if (timing === 'advance') return flatFees === 'advance' ? charges.filter((c) => c.model === 'flat') : [];
  return flatFees === 'arrears' ? charges : charges.filter((c) => c.model !== 'flat');
}

/** The invoice lines of a period at one timing, rated and (flat fees of a part of a cycle) prorated. */
export function periodInvoiceLines({ charges, usage, currency, period, cycle, timing, flatFees }: PeriodLinesInput): InvoiceLineDraft[] {
  const billed = chargesBilledAt(charges, timing, flatFees);
  if (billed.length === 0) return [];
  const { lines } = rateCharges(billed, timing === 'advance' ? {} : usage, currency);
  return cycle ? prorateFlatLines(lines, billed, period, cycle, currency) : lines;
}
