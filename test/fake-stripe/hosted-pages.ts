// The public pages Stripe links to from its objects: an invoice's hosted page and PDF, a charge's
// receipt. Stripe serves them without an API key; here they are minimal stand-ins, so a link the app
// stores or shows answers.
import type Stripe from 'stripe';
import type { FakeAccount } from './fake-account';
import { createTestPaymentMethod, TEST_PAYMENT_METHODS } from './resources/payment-methods';
import { confirmIntent, openPaymentFor } from './resources/payments';

export type Page = { status: number; contentType: string; body: string | Buffer; location?: string };

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const formatMinor = (amount: number, currency: string) => `${(amount / 100).toFixed(2)} ${currency.toUpperCase()}`;

function html(title: string, rows: [string, string][], extra = '', status = 200): Page {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1><dl>${rows
    .map(([key, value]) => `<dt>${escapeHtml(key)}</dt><dd data-field="${escapeHtml(key)}">${escapeHtml(value)}</dd>`)
    .join('')}</dl>${extra}</main></body></html>`;
  return { status, contentType: 'text/html; charset=utf-8', body };
}

/** Only a link back to the merchant's own site (http or https) is shown; anything else is dropped. */
function safeReturnUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Test cards the hosted page offers in place of Stripe's card field. */
const HOSTED_PAGE_CARDS = Object.keys(TEST_PAYMENT_METHODS).filter((id) => id.startsWith('pm_card_'));

/**
 * The hosted invoice page: the invoice's state and, while it is open, a form that pays it with a test
 * card as Stripe's page does (the card confirms the invoice's PaymentIntent; invoice.paid and the
 * rest are emitted). `return_url` (a fake-only stand-in for the merchant's link back) is carried
 * through the form and shown as "Return to merchant".
 */
function hostedInvoicePage(invoice: Stripe.Invoice, rows: [string, string][], returnUrl: string | null, error: string | null, status = 200): Page {
  const back = returnUrl ? `<p><a href="${escapeHtml(returnUrl)}" data-testid="return-to-merchant">Return to merchant</a></p>` : '';
  const failure = error ? `<p role="alert" data-testid="payment-error">${escapeHtml(error)}</p>` : '';
  const form =
    invoice.status === 'open'
      ? `<form method="post" action="/hosted/${escapeHtml(invoice.id)}/pay"><label for="payment_method">Card</label> <select id="payment_method" name="payment_method">${HOSTED_PAGE_CARDS.map(
          (id) => `<option value="${escapeHtml(id)}">${escapeHtml(id)}</option>`,
        ).join('')}</select>${returnUrl ? `<input type="hidden" name="return_url" value="${escapeHtml(returnUrl)}">` : ''} <button type="submit">Pay ${escapeHtml(formatMinor(invoice.amount_remaining, invoice.currency))}</button></form>`
      : '';
  return html(`Invoice ${invoice.number}`, rows, `${failure}${form}${back}`, status);
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

function invoiceRows(invoice: Stripe.Invoice): [string, string][] {
  return [
    ['number', invoice.number ?? ''],
    ['status', invoice.status ?? ''],
    ['amount due', formatMinor(invoice.amount_due, invoice.currency)],
    ['amount remaining', formatMinor(invoice.amount_remaining, invoice.currency)],
  ];
}

/**
 * POST /hosted/in_…/pay from the hosted page's form (`payment_method`, a test card id; `return_url`):
 * confirms the invoice's PaymentIntent with a fresh copy of that card, as Stripe.js does on the real
 * page, then redirects back to the hosted page (303), which now shows the invoice paid, or answers the
 * page with the decline. Null when `path` is not such a form.
 */
export function hostedPageAction(account: FakeAccount, path: string, form: URLSearchParams): Page | null {
  const match = /^\/hosted\/([^/]+)\/pay$/.exec(path);
  if (!match) return null;
  const invoice = account.state.invoices.get(match[1]!);
  if (!invoice || invoice.status === 'draft') return notFound;
  const returnUrl = safeReturnUrl(form.get('return_url'));
  const card = form.get('payment_method') ?? 'pm_card_visa';
  if (!HOSTED_PAGE_CARDS.includes(card)) return hostedInvoicePage(invoice, invoiceRows(invoice), returnUrl, `Unknown test card ${card}`, 400);
  if (invoice.status !== 'open') return hostedInvoicePage(invoice, invoiceRows(invoice), returnUrl, `This invoice is ${invoice.status}.`, 409);
  const { intent } = openPaymentFor(account, invoice, null);
  const method = createTestPaymentMethod(account, card, null);
  const after = confirmIntent(account, intent, method);
  if (after.last_payment_error && after.status === 'requires_payment_method') {
    return hostedInvoicePage(invoice, invoiceRows(invoice), returnUrl, after.last_payment_error.message ?? 'Your card was declined.', 402);
  }
  const location = `/hosted/${invoice.id}${returnUrl ? `?return_url=${encodeURIComponent(returnUrl)}` : ''}`;
  return { status: 303, contentType: 'text/plain; charset=utf-8', body: `See ${location}`, location };
}

/** The page for `path` (`/hosted/in_…`, `/pdf/in_…`, `/receipts/ch_…`), or null when it is not one. */
export function hostedPage(account: FakeAccount, path: string, query: URLSearchParams = new URLSearchParams()): Page | null {
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
  const rows = invoiceRows(invoice);
  if (kind === 'hosted') return hostedInvoicePage(invoice, rows, safeReturnUrl(query.get('return_url')), null);
  return { status: 200, contentType: 'application/pdf', body: pdf([`Invoice ${invoice.number}`, ...rows.map(([key, value]) => `${key}: ${value}`)]) };
}
