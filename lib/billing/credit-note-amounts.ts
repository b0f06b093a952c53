// What a credit note credits, before any I/O. Tax follows the invoice: the same rate, rounded half-up
// once on the credited net amount, and none on an exempt or reverse-charge invoice.
//
// A full credit (no amount given) credits exactly what is left of the invoice, net and tax separately,
// so crediting an invoice in full always nets it to zero whatever partial credits came before and
// however they rounded.
import type Decimal from 'decimal.js';
import { toExact } from './exact-decimal';
import { moneyString, roundMoney, type Currency } from './money';

export type CreditableInvoice = { currency: Currency; subtotal: string; tax: string; tax_rate: string };
export type Credited = { subtotal: string; tax: string };
export type CreditNoteAmounts = { subtotal: string; tax: string; total: string };

export class CreditNoteTooLarge extends RangeError {}

export function creditNoteAmounts(invoice: CreditableInvoice, alreadyCredited: Credited[], requestedNet?: string): CreditNoteAmounts {
  const sum = (values: string[]): Decimal => values.reduce<Decimal>((acc, v) => acc.plus(toExact(v)), toExact(0));
  const remainingNet = toExact(invoice.subtotal).minus(sum(alreadyCredited.map((c) => c.subtotal)));
  const remainingTax = toExact(invoice.tax).minus(sum(alreadyCredited.map((c) => c.tax)));

  let net: Decimal;
  let tax: Decimal;
  if (requestedNet === undefined) {
    net = remainingNet;
    tax = remainingTax;
  } else {
    net = roundMoney(requestedNet, invoice.currency);
    if (!net.eq(toExact(requestedNet))) throw new CreditNoteTooLarge(`amount has more decimals than ${invoice.currency} allows`);
    tax = roundMoney(net.times(invoice.tax_rate), invoice.currency);
    // Per-credit rounding can drift a cent either way; the credit that takes the last of the net also
    // takes exactly the tax that is left, and none ever takes more tax than is left.
    if (net.eq(remainingNet) || tax.gt(remainingTax)) tax = remainingTax;
  }
  if (net.lte(0)) throw new CreditNoteTooLarge(requestedNet === undefined ? 'the invoice is already credited in full' : 'amount must be greater than 0');
  if (net.gt(remainingNet)) {
    throw new CreditNoteTooLarge(`amount exceeds what is left to credit (${moneyString(remainingNet, invoice.currency)} before tax)`);
  }
  return {
    subtotal: moneyString(net, invoice.currency),
    tax: moneyString(tax, invoice.currency),
    total: moneyString(net.plus(tax), invoice.currency),
  };
}
