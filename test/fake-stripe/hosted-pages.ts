// The public pages Stripe links to from its objects: an invoice's hosted page and PDF, a charge's
// receipt. Stripe serves them without an API key; here they are minimal stand-ins, so a link the app
// stores or shows answers.
import type { FakeAccount } from './fake-account';

export type Page = { status: number; contentType: string; body: string | Buffer };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const formatMinor = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;

function html(title: string, rows: [string, string][]): Page {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1><dl>${rows
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd data-field="${escapeHtml(key)}">${escapeHtml(value)}</dd>`)
    .join('')}</dl></body></html>`;
  return { status: 200, contentType: 'text/html; charset=utf-8', body };
}

/** A one-page PDF showing `lines` (valid structure and cross-reference table). */
function pdf(lines: string[]): Buffer {
  const escapePdf = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 14 Tf 72 720 Td 18 TL ${lines.map((line) => `(${escapePdf(line)}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(text, 'latin1'));
    text += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(text, 'latin1');
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

const notFound: Page = { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };

/** The page for `path` (`/hosted/in_…`, `/pdf/in_…`, `/receipts/ch_…`), or null when it is not one. */
export function hostedPage(account: FakeAccount, path: string): Page | null {
  const match = /^\/(hosted|pdf|receipts)\/([^/]+)$/.exec(path);
  if (!match) return null;
  const [, kind, id] = match as unknown as [string, string, string];
  if (kind === 'receipts') {
    const charge = account.state.charges.get(id);
    if (!charge) return notFound;
    return html(`Receipt ${charge.id}`, [
      ['amount', formatMinor(charge.amount, charge.currency)],
      ['status', charge.status],
      ['refunded', formatMinor(charge.amount_refunded, charge.currency)],
    ]);
  }
  const invoice = account.state.invoices.get(id);
  if (!invoice || invoice.status === 'draft') return notFound;
  const rows: [string, string][] = [
    ['number', invoice.number ?? ''],
    ['status', invoice.status ?? ''],
    ['amount due', formatMinor(invoice.amount_due, invoice.currency)],
    ['amount remaining', formatMinor(invoice.amount_remaining, invoice.currency)],
  ];
  if (kind === 'hosted') return html(`Invoice ${invoice.number}`, rows);
  return { status: 200, contentType: 'application/pdf', body: pdf([`Invoice ${invoice.number}`, ...rows.map(([key, value]) => `${key}: ${value}`)]) };
}
