import type { TaxTreatment } from './totals';

export type TaxProfile = { taxExempt: boolean; taxId: string | null; taxRate: string | null };

/**
 * How VAT applies to a customer. An exempt customer with a VAT id is a business buying cross-border
 * (EU reverse charge: they self-account, the invoice says so); exempt without one is plain exemption.
 * Otherwise the customer's own rate applies, or the configured default when they have none.
 */
export function taxTreatment(profile: TaxProfile, defaultRate: string): { treatment: TaxTreatment; rate: string } {
  if (profile.taxExempt) return { treatment: profile.taxId ? 'reverse_charge' : 'exempt', rate: '0' };
  return { treatment: 'standard', rate: profile.taxRate ?? defaultRate };
}
