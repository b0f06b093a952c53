// One place mapping environment to billing settings: who the seller is, default currency and VAT,
// invoice numbering and payment terms. Domain code receives these values; it never reads env itself.
import { DEFAULT_INVOICE_NUMBER_FORMAT } from '@/lib/billing/invoice-number';
import type { PartySnapshot } from '@/lib/db/schema';
import { DEFAULT_DUNNING_POLICY, parseRetryDays, type DunningPolicy } from '@/lib/dunning/dunning-policy';
import { env, type Env } from '@/lib/env';

export type BillingConfig = {
  defaultCurrency: string;
  defaultTaxRate: string;
  invoiceNumberFormat: string;
  /** credit notes are numbered in their own gapless series */
  creditNoteNumberFormat: string;
  paymentTermsDays: number;
  /** failed payment retries and suspension (lib/dunning) */
  dunning: DunningPolicy;
  /**
   * The legal retention of invoices: an erased customer's invoices and credit notes keep the buyer as
   * printed for this many years after issue, then the automation run pseudonymizes it (lib/privacy)
   */
  invoiceRetentionYears: number;
  seller: PartySnapshot & { country: string | null };
  bank: { iban: string | null; bic: string | null };
};

export function billingConfig(e: Env = env()): BillingConfig {
  const addressLines = (e.COMPANY_ADDRESS ?? '').split('|').map((line) => line.trim()).filter(Boolean);
  return {
    defaultCurrency: e.DEFAULT_CURRENCY ?? 'usd',
    defaultTaxRate: e.DEFAULT_TAX_RATE ?? '0.21',
    invoiceNumberFormat: e.INVOICE_NUMBER_FORMAT ?? DEFAULT_INVOICE_NUMBER_FORMAT,
    creditNoteNumberFormat: e.CREDIT_NOTE_NUMBER_FORMAT ?? 'CN-{year}-{number:04d}',
    paymentTermsDays: e.PAYMENT_TERMS_DAYS ?? 14,
    dunning: {
      retryDays: e.DUNNING_RETRY_DAYS ? parseRetryDays(e.DUNNING_RETRY_DAYS) : DEFAULT_DUNNING_POLICY.retryDays,
      graceDays: e.DUNNING_GRACE_DAYS ?? DEFAULT_DUNNING_POLICY.graceDays,
    },
    invoiceRetentionYears: e.INVOICE_RETENTION_YEARS ?? 10,
    seller: {
      name: e.COMPANY_NAME ?? 'Meterbill Demo Ltd',
      email: e.COMPANY_EMAIL ?? null,
      address_lines: addressLines,
      country: addressLines.at(-1) ?? null,
      tax_id: e.COMPANY_VAT_ID ?? null,
    },
    bank: { iban: e.COMPANY_IBAN ?? null, bic: e.COMPANY_BIC ?? null },
  };
}
