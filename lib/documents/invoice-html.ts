import 'server-only';
// The invoice as one standalone, printable HTML page: inline CSS, no script, no external resource, and
// every value from the invoice escaped (descriptions and names are typed by people).
import { invoiceDocument, type BankDetails, type DocumentParty, type DocumentRow, type InvoiceDocument } from './invoice-document';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** The page allows its own inline styles and nothing else: no script, no fetch, no framing. */
export const INVOICE_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `
  @page { size: A4; margin: 18mm 16mm; }
  * { box-sizing: border-box; }
  body { font: 13px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #0f172a; margin: 0; background: #f1f5f9; }
  main { max-width: 820px; margin: 24px auto; background: #fff; padding: 40px 44px; border-radius: 8px; box-shadow: 0 1px 3px rgba(15,23,42,.12); position: relative; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  h2 { font-size: 11px; text-transform: uppercase; letter-spacing: .06em; color: #64748b; margin: 0 0 6px; }
  .top { display: flex; justify-content: space-between; gap: 24px; align-items: flex-start; margin-bottom: 28px; }
  .parties { display: flex; gap: 48px; margin-bottom: 24px; }
  .party p { margin: 0; }
  .party .name { font-weight: 600; }
  dl.details { display: grid; grid-template-columns: auto auto; gap: 2px 16px; margin: 0; }
  dl.details dt { color: #64748b; }
  dl.details dd { margin: 0; font-weight: 500; }
  table { width: 100%; border-collapse: collapse; margin: 8px 0 16px; }
  th { text-align: left; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #64748b; border-bottom: 1px solid #cbd5e1; padding: 6px 8px; }
  td { padding: 7px 8px; border-bottom: 1px solid #e2e8f0; vertical-align: top; }
  .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
  table.totals { width: auto; margin-left: auto; min-width: 300px; }
  table.totals td { border: 0; padding: 3px 8px; }
  table.totals tr.emphasis td { font-weight: 700; border-top: 1px solid #cbd5e1; }
  .note { border-left: 3px solid #0f172a; padding: 6px 10px; background: #f8fafc; margin: 12px 0; font-weight: 600; }
  .payment { margin-top: 24px; padding-top: 16px; border-top: 1px solid #e2e8f0; }
  .payment p { margin: 2px 0; }
  .mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
  .draft-banner { border: 2px solid #b91c1c; color: #b91c1c; font-weight: 800; letter-spacing: .2em; text-align: center; padding: 6px; margin-bottom: 20px; font-size: 16px; }
  @media print { body { background: #fff; } main { box-shadow: none; margin: 0; max-width: none; padding: 0; } }
`;

const e = escapeHtml;

function partyHtml(heading: string, party: DocumentParty): string {
  return `<section class="party"><h2>${e(heading)}</h2><p class="name">${e(party.name)}</p>${party.lines.map((line) => `<p>${e(line)}</p>`).join('')}</section>`;
}

function detailsHtml(rows: DocumentRow[]): string {
  return `<dl class="details">${rows.map((row) => `<dt>${e(row.label)}</dt><dd>${e(row.value)}</dd>`).join('')}</dl>`;
}

function paymentHtml(document: InvoiceDocument): string {
  const payment = document.payment;
  if (payment.kind === 'settled') return `<section class="payment"><h2>Payment</h2><p>${e(payment.message)}</p></section>`;
  const parts = [`<p>Please pay <strong>${e(payment.amountDue)}</strong> by the due date.</p>`];
  if (payment.bankTransfer) {
    parts.push(
      '<p><strong>Bank transfer</strong></p>',
      `<p>IBAN: <span class="mono">${e(payment.bankTransfer.iban)}</span></p>`,
      payment.bankTransfer.bic ? `<p>BIC: <span class="mono">${e(payment.bankTransfer.bic)}</span></p>` : '',
      `<p>Reference: <span class="mono">${e(payment.bankTransfer.reference)}</span></p>`,
    );
  }
  if (payment.payOnlineUrl) parts.push(`<p><strong>Pay online:</strong> <a href="${e(payment.payOnlineUrl)}" rel="noopener noreferrer">${e(payment.payOnlineUrl)}</a></p>`);
  if (!payment.bankTransfer && !payment.payOnlineUrl && payment.contact) parts.push(`<p>For payment details contact ${e(payment.contact)}.</p>`);
  return `<section class="payment"><h2>Payment</h2>${parts.join('')}</section>`;
}

export function invoiceHtml(document: InvoiceDocument): string {
  const lines = document.lines
    .map((line) => `<tr><td>${e(line.description)}</td><td class="num">${e(line.quantity)}</td><td class="num">${e(line.unitPrice)}</td><td class="num">${e(line.amount)}</td></tr>`)
    .join('');
  const totals = document.totals
    .map((row) => `<tr${row.emphasis ? ' class="emphasis"' : ''}><td>${e(row.label)}</td><td class="num">${e(row.value)}</td></tr>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(document.title)} — ${e(document.seller.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${document.draft ? '<div class="draft-banner" data-testid="draft-marker">DRAFT</div>' : ''}
<div class="top">
<div><h1>${e(document.title)}</h1><p>${e(document.seller.name)}</p></div>
${detailsHtml(document.details)}
</div>
<div class="parties">${partyHtml('From', document.seller)}${partyHtml('Bill to', document.buyer)}</div>
<table class="lines">
<thead><tr><th>Description</th><th class="num">Quantity</th><th class="num">Unit price</th><th class="num">Amount (${e(document.currency)})</th></tr></thead>
<tbody>${lines}</tbody>
</table>
<table class="totals"><tbody>${totals}</tbody></table>
${document.taxNote ? `<p class="note">${e(document.taxNote)}</p>` : ''}
${paymentHtml(document)}
</main>
</body>
</html>
`;
}

export function renderInvoiceHtml(view: InvoiceView, bank: BankDetails): string {
  return invoiceHtml(invoiceDocument(view, bank));
}
