import Decimal from 'decimal.js';
import { ExactDecimal, toExact } from './exact-decimal';
import { decimalString, moneyString, roundMoney, type Currency } from './money';

export type TaxTreatment = 'standard' | 'exempt' | 'reverse_charge';
export type InvoiceTotalsInput = {
  line_amounts: string[];
  currency: Currency;
  /** a fraction: '0.21' for 21% */
  tax_rate: string;
  treatment: TaxTreatment;
  credits?: string;
  amount_paid?: string;
};
export type InvoiceTotals = {
  subtotal: string;
  tax_rate: string;
  tax: string;
  total: string;
  credits_applied: string;
  amount_due: string;
};

function nonNegative(value: string | undefined, label: string): Decimal {
  const parsed = toExact(value ?? '0', label);
  if (parsed.lt(0)) throw new RangeError(`${label} must not be negative, got ${value}`);
  return parsed;
}

export function invoiceTotals(input: InvoiceTotalsInput): InvoiceTotals {
  const { currency } = input;
  const subtotal = roundMoney(
    input.line_amounts.reduce<Decimal>((sum, amount) => sum.plus(toExact(amount, 'line amount')), new ExactDecimal(0)),
    currency,
  );

  const rate = toExact(input.tax_rate, 'tax_rate');
  // A rate above 1 is almost certainly a percentage ('21' for 21%) and would bill 2100% tax.
  if (rate.lt(0) || rate.gt(1)) throw new RangeError(`tax_rate must be a fraction between 0 and 1, got ${input.tax_rate}`);
  // Exempt and reverse-charge invoices show no rate at all: for reverse charge the buyer accounts for the
  // VAT, and printing the seller's rate next to a zero tax would misstate it.
  const effectiveRate = input.treatment === 'standard' ? rate : new ExactDecimal(0);
  // Tax on the invoice subtotal, not per line: that is what VAT rules require and it avoids per-line drift.
  const tax = roundMoney(subtotal.times(effectiveRate), currency);
  const total = subtotal.plus(tax);

  const credits = nonNegative(input.credits, 'credits');
  const paid = nonNegative(input.amount_paid, 'amount_paid');
  const creditsApplied = ExactDecimal.max(0, ExactDecimal.min(credits, total));
  const amountDue = ExactDecimal.max(0, total.minus(creditsApplied).minus(paid));

  return {
    subtotal: moneyString(subtotal, currency),
    tax_rate: decimalString(effectiveRate),
    tax: moneyString(tax, currency),
    total: moneyString(total, currency),
    credits_applied: moneyString(creditsApplied, currency),
    amount_due: moneyString(amountDue, currency),
  };
}
