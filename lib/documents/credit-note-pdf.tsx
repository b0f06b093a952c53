// The credit note as a PDF: the invoice's layout (InvoicePdf) over the credit note's document model.
import { renderToBuffer } from '@react-pdf/renderer';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import { creditNoteDocument, type CreditNoteView } from './credit-note-document';
import { InvoicePdf } from './invoice-pdf';

export function renderCreditNotePdf(note: CreditNoteView, invoice: InvoiceView): Promise<Buffer> {
  return renderToBuffer(<InvoicePdf document={creditNoteDocument(note, invoice)} />);
}
