import { formatDate, formatPeriod } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { AttachmentNote, DetailTable, EmailLayout, Greeting, HowToPay, Paragraph, type DetailRow, type PaymentInstructions } from './email-layout';
import type { BrandedProps, EmailInvoice, EmailTemplate } from './email-template';

export type InvoiceIssuedEmailProps = BrandedProps & {
  customerName: string | null;
  invoice: EmailInvoice;
  payment: PaymentInstructions;
  /** the PDF's file name, `<number>.pdf` */
  attachmentName: string;
};

/** The figures of an issued invoice, as its document prints them; shared with the overdue reminder. */
export function invoiceRows(invoice: EmailInvoice, { total }: { total: 'always' | 'when_different' }): DetailRow[] {
  const money = (v: string) => formatMoney(v, invoice.currency);
  const rows: DetailRow[] = [{ label: 'Invoice number', value: invoice.number }];
  if (invoice.issued_at) rows.push({ label: 'Issue date', value: formatDate(invoice.issued_at) });
  if (invoice.period_start && invoice.period_end) rows.push({ label: 'Billing period', value: formatPeriod(invoice.period_start, invoice.period_end) });
  if (invoice.due_date) rows.push({ label: 'Due date', value: formatDate(invoice.due_date) });
  if (total === 'always' || invoice.total !== invoice.amount_due) rows.push({ label: 'Total', value: money(invoice.total) });
  rows.push({ label: 'Amount due', value: money(invoice.amount_due), emphasis: true });
  return rows;
}

function subject({ brand, invoice }: InvoiceIssuedEmailProps): string {
  const amount = formatMoney(invoice.amount_due, invoice.currency);
  const due = invoice.due_date ? ` due ${formatDate(invoice.due_date)}` : '';
  return `Invoice ${invoice.number} from ${brand.companyName}: ${amount}${due}`;
}

function InvoiceIssuedEmail(props: InvoiceIssuedEmailProps) {
  const { brand, customerName, invoice, payment, attachmentName } = props;
  const amount = formatMoney(invoice.amount_due, invoice.currency);
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading={`Invoice ${invoice.number}`}>
      <Greeting name={customerName} />
      <Paragraph>
        {brand.companyName} has issued invoice {invoice.number} for {formatMoney(invoice.total, invoice.currency)}.{' '}
        {invoice.due_date ? `Please pay ${amount} by ${formatDate(invoice.due_date)}.` : `Please pay ${amount}.`}
      </Paragraph>
      <DetailTable rows={invoiceRows(invoice, { total: 'always' })} />
      <HowToPay brand={brand} payment={payment} amount={invoice.amount_due} currency={invoice.currency} />
      <AttachmentNote filename={attachmentName} what="invoice" />
    </EmailLayout>
  );
}

export const invoiceIssued: EmailTemplate<InvoiceIssuedEmailProps> = { subject, Email: InvoiceIssuedEmail };
