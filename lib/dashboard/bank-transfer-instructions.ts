// What a customer needs to pay an invoice by bank transfer, from the workspace's settings: who the
// money goes to, the account (IBAN, BIC), the amount and the reference an admin matches the payment
// by (the invoice number, as the PDF prints it). Pure. A workspace without an IBAN has no account to
// pay into: that is said, never shown as blanks.
import type { BillingConfig } from '@/lib/config/billing-config';

export type BankTransferInstructions =
  | {
      available: true;
      accountHolder: string;
      /** for reading: groups of four ("BE71 0961 2345 6769"); `ibanValue` is what is copied */
      iban: string;
      ibanValue: string;
      bic: string | null;
      amount: string;
      currency: string;
      reference: string;
    }
  | { available: false; amount: string; currency: string; reference: string };

/** An IBAN as banks print it: no spaces when typed or copied, groups of four when read. */
export function formatIban(iban: string): string {
  return iban.replace(/\s+/g, '').toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}

export function bankTransferInstructions(
  config: Pick<BillingConfig, 'seller' | 'bank'>,
  invoice: { id: string; number: string | null; amount_due: string; currency: string },
): BankTransferInstructions {
  const reference = invoice.number ?? invoice.id;
  const iban = config.bank.iban?.replace(/\s+/g, '').toUpperCase() || null;
  if (!iban) return { available: false, amount: invoice.amount_due, currency: invoice.currency, reference };
  return {
    available: true,
    accountHolder: config.seller.name,
    iban: formatIban(iban),
    ibanValue: iban,
    bic: config.bank.bic?.trim().toUpperCase() || null,
    amount: invoice.amount_due,
    currency: invoice.currency,
    reference,
  };
}
