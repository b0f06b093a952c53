// What an invoice document says, worked out once from the API view: the PDF and the HTML page both
// lay out this model, so they cannot disagree on a figure or a sentence. Pure: no database, no clock.
// No `server-only`: emails attach the documents, and the automation run that sends them also runs
// from the CLI (tsx), where that marker throws. Nothing here is secret.
import { toExact } from '@/lib/billing/exact-decimal';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { PartySnapshot } from '@/lib/db/schema';
import { formatDate, formatPeriod } from '@/lib/format/format-date';
import { formatMoney, formatUnitPrice } from '@/lib/format/format-money';
import { formatQuantity, formatTaxRate } from '@/lib/format/format-number';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';

export type BankDetails = BillingConfig['bank'];

export const REVERSE_CHARGE_NOTE = 'Reverse charge — VAT to be accounted for by the recipient';
export const TAX_EXEMPT_NOTE = 'Tax exempt';

export type DocumentParty = { name: string; lines: string[] };
export type DocumentLine = { description: string; quantity: string; unitPrice: string; amount: string };
export type DocumentRow = { label: string; value: string; emphasis?: boolean };

export type InvoiceDocument = {
  id: string;
  draft: boolean;
  /** "Invoice INV-2026-0001", or "Draft invoice" before a number is assigned */
  title: string;
  /** the invoice number, or `draft-<id>`: file names and page titles */
  reference: string;
  /**
   * When it was issued: the PDF's creation date, so the same document renders to the same bytes (an
   * email retried with Resend's idempotency key must send exactly the body of its first attempt)
   */
  issuedAt: Date | null;
  currency: string;
  seller: DocumentParty;
  buyer: DocumentParty;
  /** number, dates and period, in reading order; absent values are left out */
  details: DocumentRow[];
  lines: DocumentLine[];
  totals: DocumentRow[];
  /** the reverse-charge or exemption wording the law asks for, or null under standard tax */
  taxNote: string | null;
  payment: DocumentPayment;
};

export type DocumentPayment =
  | { kind: 'due'; amountDue: string; bankTransfer: { iban: string; bic: string | null; reference: string } | null; payOnlineUrl: string | null; contact: string | null }
  | { kind: 'settled'; message: string };

export function party(snapshot: PartySnapshot | null, fallbackName: string, taxIdLabel: string): DocumentParty {
  if (!snapshot) return { name: fallbackName, lines: [] };
  const lines = [...snapshot.address_lines];
  if (snapshot.tax_id) lines.push(`${taxIdLabel}: ${snapshot.tax_id}`);
  if (snapshot.email) lines.push(snapshot.email);
  return { name: snapshot.name, lines };
}

/** Only http(s) becomes a link: a stored `javascript:` URL must never reach an href. */
export function safeHttpUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

type Identity = Pick<InvoiceView, 'id' | 'number' | 'status'>;

const isDraft = (view: Identity) => view.status === 'draft' || !view.number;

/** The invoice number, or `draft-<id>` before there is one. */
export function documentReference(view: Identity): string {
  return isDraft(view) ? `draft-${view.id}` : view.number!;
}

/** `<reference>.<ext>`, safe in a Content-Disposition header, an email attachment and on any file system. */
export function safeFileName(reference: string, extension: 'pdf' | 'csv' | 'html'): string {
  return `${reference.replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`;
}

/** `<number or draft-id>.<ext>`. */
export function documentFileName(view: Identity, extension: 'pdf' | 'csv' | 'html'): string {
  return safeFileName(documentReference(view), extension);
}

/**
 * What credit notes took off the invoice: a credit note lowers amount_due and leaves the issued
 * figures alone, so it is the part of the total that credits applied, payments and the amount due do
 * not account for. Zero when nothing was credited (or a refund credited money already paid).
 */
export function creditedAmount(view: Pick<InvoiceView, 'total' | 'credits_applied' | 'amount_paid' | 'amount_due'>): string {
  const credited = toExact(view.total, 'total').minus(view.credits_applied).minus(view.amount_paid).minus(view.amount_due);
  return credited.gt(0) ? credited.toFixed() : '0';
}

export function taxRow(view: InvoiceView, money: (v: string) => string): DocumentRow {
  if (view.tax_treatment === 'reverse_charge') return { label: 'Tax (reverse charge)', value: money(view.tax) };
  if (view.tax_treatment === 'exempt') return { label: 'Tax (exempt)', value: money(view.tax) };
  return { label: `Tax (${formatTaxRate(view.tax_rate)})`, value: money(view.tax) };
}

function payment(view: InvoiceView, bank: BankDetails, money: (v: string) => string): DocumentPayment {
  if (view.status === 'void') return { kind: 'settled', message: 'This invoice has been voided; nothing is due.' };
  if (toExact(view.amount_due, 'amount_due').lte(0)) {
    // a $0.00 invoice, or one a credit note settled, was never paid: it just owes nothing
    if (toExact(view.amount_paid, 'amount_paid').lte(0)) return { kind: 'settled', message: 'Nothing is due on this invoice.' };
    const when = view.paid_at ? ` on ${formatDate(view.paid_at)}` : '';
    return { kind: 'settled', message: `Paid in full${when}. Thank you.` };
  }
  return {
    kind: 'due',
    amountDue: money(view.amount_due),
    bankTransfer: bank.iban
      ? { iban: bank.iban, bic: bank.bic, reference: view.number ?? 'the invoice number (assigned when the invoice is issued)' }
      : null,
    payOnlineUrl: safeHttpUrl(view.hosted_invoice_url),
    contact: view.seller?.email ?? null,
  };
}

export function invoiceDocument(view: InvoiceView, bank: BankDetails): InvoiceDocument {
  const money = (value: string) => formatMoney(value, view.currency);
  const draft = isDraft(view);
  const details: DocumentRow[] = [];
  if (view.number) details.push({ label: 'Invoice number', value: view.number });
  if (draft) details.push({ label: 'Status', value: 'DRAFT — not a valid invoice' });
  if (view.issued_at) details.push({ label: 'Issue date', value: formatDate(view.issued_at) });
  if (view.due_date) details.push({ label: 'Due date', value: formatDate(view.due_date) });
  if (view.period_start && view.period_end) details.push({ label: 'Billing period', value: formatPeriod(view.period_start, view.period_end) });
  if (view.status === 'void' || view.status === 'uncollectible') details.push({ label: 'Status', value: view.status === 'void' ? 'Void' : 'Uncollectible' });

  const totals: DocumentRow[] = [{ label: 'Subtotal', value: money(view.subtotal) }, taxRow(view, money), { label: 'Total', value: money(view.total), emphasis: true }];
  if (!toExact(view.credits_applied, 'credits_applied').isZero()) {
    totals.push({ label: 'Credits applied', value: formatMoney(toExact(view.credits_applied).neg(), view.currency) });
  }
  const credited = creditedAmount(view);
  if (credited !== '0') totals.push({ label: 'Credit notes', value: formatMoney(toExact(credited).neg(), view.currency) });
  totals.push({ label: 'Amount paid', value: money(view.amount_paid) }, { label: 'Amount due', value: money(view.amount_due), emphasis: true });

  return {
    id: view.id,
    draft,
    title: draft ? 'Draft invoice' : `Invoice ${view.number}`,
    reference: documentReference(view),
    issuedAt: view.issued_at ? new Date(view.issued_at) : null,
    currency: view.currency.toUpperCase(),
    seller: party(view.seller, 'Seller', 'VAT ID'),
    buyer: party(view.buyer, 'Customer', 'VAT ID'),
    details,
    lines: view.lines.map((line) => ({
      description: line.description,
      quantity: formatQuantity(line.quantity),
      unitPrice: formatUnitPrice(line.unit_price, view.currency),
      amount: money(line.amount),
    })),
    totals,
    taxNote: view.tax_treatment === 'reverse_charge' ? REVERSE_CHARGE_NOTE : view.tax_treatment === 'exempt' ? TAX_EXEMPT_NOTE : null,
    payment: payment(view, bank, money),
  };
}
