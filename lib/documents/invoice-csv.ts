import 'server-only';
// One invoice as CSV in the layout Vigint's invoice generator exports for accounting systems (label,
// value rows for the header, then a Service/Quantity/Unit Price/Total table), extended with the dates,
// the tax and the totals our invoices carry. Amounts are the API's exact decimal strings.
import { stringify } from 'csv-stringify/sync';
import { toExact } from '@/lib/billing/exact-decimal';
import { moneyString } from '@/lib/billing/money';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import { formatTaxRate } from '@/lib/format/format-number';
import { lastUtcDayOfPeriod, utcDay } from '@/lib/time/utc-day';
import { creditedAmount } from './invoice-document';

/** 'YYYY-MM-DD' in UTC. */
export function isoDay(iso: string | null): string {
  return iso ? utcDay(iso) : '';
}

/**
 * Text typed by people (descriptions, names) opened in a spreadsheet: a cell starting with = + - @ or a
 * control character would run as a formula, so it is prefixed with an apostrophe (OWASP's advice).
 * Amounts are never passed through here: a credit's "-10.00" must stay a number.
 */
export function spreadsheetSafe(text: string | null | undefined): string {
  if (!text) return '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function billingPeriodText(view: Pick<InvoiceView, 'period_start' | 'period_end'>): string {
  if (!view.period_start || !view.period_end) return '';
  return `${isoDay(view.period_start)} to ${lastUtcDayOfPeriod(view.period_end)}`;
}

function taxLabel(view: InvoiceView): string {
  if (view.tax_treatment === 'reverse_charge') return 'Tax (reverse charge)';
  if (view.tax_treatment === 'exempt') return 'Tax (exempt)';
  return `Tax (${formatTaxRate(view.tax_rate)})`;
}

export function invoiceCsvRecords(view: InvoiceView): string[][] {
  const code = view.currency.toUpperCase();
  const records: string[][] = [
    ['Invoice Number', view.number ?? 'DRAFT'],
    ['Client Name', spreadsheetSafe(view.buyer?.name)],
    ['Billing Period', billingPeriodText(view)],
    ['Issue Date', isoDay(view.issued_at)],
    ['Due Date', isoDay(view.due_date)],
    ['Service', 'Quantity', `Unit Price (${code})`, `Total (${code})`],
    ...view.lines.map((line) => [spreadsheetSafe(line.description), line.quantity, line.unit_price, line.amount]),
    ['Subtotal', '', '', view.subtotal],
    [taxLabel(view), '', '', view.tax],
  ];
  if (!toExact(view.credits_applied, 'credits_applied').isZero()) records.push(['Credits Applied', '', '', view.credits_applied]);
  records.push(['Total', '', '', view.total]);
  const credited = creditedAmount(view);
  if (credited !== '0') records.push(['Credit Notes', '', '', moneyString(credited, view.currency)]);
  records.push(['Amount Paid', '', '', view.amount_paid], ['Amount Due', '', '', view.amount_due]);
  return records;
}

export function invoiceCsv(view: InvoiceView): string {
  return stringify(invoiceCsvRecords(view));
}
