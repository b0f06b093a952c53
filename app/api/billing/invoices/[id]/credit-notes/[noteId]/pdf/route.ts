import { creditNoteFileName } from '@/lib/documents/credit-note-document';
import { renderCreditNotePdf } from '@/lib/documents/credit-note-pdf';
import { notFound } from '@/lib/errors/billing-error';
import { loadRequestedInvoice } from '@/lib/http/requested-invoice';
import { withUser } from '@/lib/http/route-handlers';
import { listCreditNotes } from '@/lib/invoicing/credit-notes';

// GET /api/billing/invoices/[id]/credit-notes/[noteId]/pdf - one credit note of the invoice as a PDF
// (owner or admin); a note of another invoice, or of another customer's, is 404 like the invoice
export const GET = withUser(async (ctx) => {
  const invoice = await loadRequestedInvoice(ctx);
  // a customer reads the notes under RLS too, as they read the invoice
  const notes = ctx.principal.kind === 'admin' ? await listCreditNotes(ctx.db, invoice.id) : await ctx.asUser((tx) => listCreditNotes(tx, invoice.id));
  const note = notes.find((n) => n.id === ctx.params.noteId);
  if (!note) throw notFound('Credit note');
  const pdf = await renderCreditNotePdf(note, invoice);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${creditNoteFileName(note)}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
