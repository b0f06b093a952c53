// A credit note as a document: the same model, layout and formatting as the invoice it credits
// (invoice-document.ts, invoice-pdf.tsx), so the two read alike: the parties of the invoice, the
// credited lines and amounts, the invoice it corrects, and what happens to the money. Pure.
import type { toCreditNoteView } from '@/lib/invoicing/credit-notes';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import { formatDate } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { REVERSE_CHARGE_NOTE, TAX_EXEMPT_NOTE, party, safeFileName, taxRow, type DocumentRow, type InvoiceDocument } from './invoice-document';

export type CreditNoteView = ReturnType<typeof toCreditNoteView>;

/** `<credit note number>.pdf`. */
export function creditNoteFileName(note: Pick<CreditNoteView, 'number'>): string {
  return safeFileName(note.number, 'pdf');
}

export function creditNoteDocument(note: CreditNoteView, invoice: InvoiceView): InvoiceDocument {
  const money = (value: string) => formatMoney(value, note.currency);
  const details: DocumentRow[] = [
    { label: 'Credit note', value: note.number },
    { label: 'Issue date', value: formatDate(note.created) },
  ];
  if (invoice.number) details.push({ label: 'Credits invoice', value: invoice.number });
  if (invoice.issued_at) details.push({ label: 'Invoice date', value: formatDate(invoice.issued_at) });
  details.push({ label: 'Reason', value: note.reason });
  const invoiceName = invoice.number ? `invoice ${invoice.number}` : 'the invoice';
  return {
    id: note.id,
    draft: false,
    title: `Credit note ${note.number}`,
    reference: note.number,
    issuedAt: new Date(note.created),
    currency: note.currency.toUpperCase(),
    seller: party(invoice.seller, 'Seller', 'VAT ID'),
    buyer: party(invoice.buyer, 'Customer', 'VAT ID'),
    details,
    lines: note.lines.map((line) => ({ description: line.description, quantity: '1', unitPrice: money(line.amount), amount: money(line.amount) })),
    // the tax is the credited part of the invoice's, under the invoice's treatment and rate
    totals: [{ label: 'Subtotal', value: money(note.subtotal) }, taxRow({ ...invoice, tax: note.tax }, money), { label: 'Total credited', value: money(note.total), emphasis: true }],
    taxNote: invoice.tax_treatment === 'reverse_charge' ? REVERSE_CHARGE_NOTE : invoice.tax_treatment === 'exempt' ? TAX_EXEMPT_NOTE : null,
    payment: {
      kind: 'settled',
      message:
        note.method === 'refund'
          ? `${money(note.total)} of ${invoiceName}, which was paid, is refunded to the customer.`
          : `${money(note.total)} is credited against ${invoiceName}: the amount due on it is reduced by this amount.`,
    },
  };
}
