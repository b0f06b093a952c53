import { formatDate } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { DetailTable, EmailLayout, Greeting, HowToPay, Paragraph, type PaymentInstructions } from './email-layout';
import type { BrandedProps, EmailInvoice, EmailTemplate } from './email-template';
import { invoiceRows } from './invoice-issued';

export type InvoiceOverdueEmailProps = BrandedProps & {
  customerName: string | null;
  invoice: EmailInvoice;
  payment: PaymentInstructions;
};

function subject({ invoice }: InvoiceOverdueEmailProps): string {
  const due = invoice.due_date ? `, due ${formatDate(invoice.due_date)}` : '';
  return `Overdue: invoice ${invoice.number} (${formatMoney(invoice.amount_due, invoice.currency)}${due})`;
}

function InvoiceOverdueEmail(props: InvoiceOverdueEmailProps) {
  const { brand, customerName, invoice, payment } = props;
  const amount = formatMoney(invoice.amount_due, invoice.currency);
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading={`Invoice ${invoice.number} is overdue`}>
      <Greeting name={customerName} />
      <Paragraph>
        {invoice.due_date ? `Invoice ${invoice.number} was due on ${formatDate(invoice.due_date)}` : `Invoice ${invoice.number} is past due`} and {amount} is still
        outstanding. Please pay it as soon as possible; if you have already paid, thank you, and please ignore this reminder.
      </Paragraph>
      <DetailTable rows={invoiceRows(invoice, { total: 'when_different' })} />
      <HowToPay brand={brand} payment={payment} amount={invoice.amount_due} currency={invoice.currency} />
    </EmailLayout>
  );
}

export const invoiceOverdue: EmailTemplate<InvoiceOverdueEmailProps> = { subject, Email: InvoiceOverdueEmail };
