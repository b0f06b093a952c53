import { formatDate } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { DetailTable, EmailLayout, Greeting, Paragraph, type DetailRow } from './email-layout';
import type { BrandedProps, EmailInvoice, EmailTemplate } from './email-template';

/** How the money came, as the payments table records it. */
export type ReceiptMethod = 'card' | 'sepa_debit' | 'bank_transfer' | 'manual';

const METHOD_LABELS: Record<ReceiptMethod, string> = {
  card: 'Card',
  sepa_debit: 'SEPA Direct Debit',
  bank_transfer: 'Bank transfer',
  manual: 'Recorded by us',
};

export type PaymentSucceededEmailProps = BrandedProps & {
  customerName: string | null;
  invoice: EmailInvoice;
  receipt: {
    /** what this payment brought, a decimal string in the invoice's currency */
    amount: string;
    method: ReceiptMethod | null;
    paidAt: string | null;
    /** the bank's, terminal's or admin's reference */
    reference: string | null;
  };
};

function subject({ invoice, receipt }: PaymentSucceededEmailProps): string {
  return `Receipt for invoice ${invoice.number}: ${formatMoney(receipt.amount, invoice.currency)} paid`;
}

function PaymentSucceededEmail(props: PaymentSucceededEmailProps) {
  const { brand, customerName, invoice, receipt } = props;
  const amount = formatMoney(receipt.amount, invoice.currency);
  const rows: DetailRow[] = [
    { label: 'Invoice number', value: invoice.number },
    { label: 'Amount paid', value: amount, emphasis: true },
  ];
  if (receipt.method) rows.push({ label: 'Payment method', value: METHOD_LABELS[receipt.method] });
  if (receipt.paidAt) rows.push({ label: 'Payment date', value: formatDate(receipt.paidAt) });
  if (receipt.reference) rows.push({ label: 'Reference', value: receipt.reference });
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading="Payment received">
      <Greeting name={customerName} />
      <Paragraph>
        Thank you: we received your payment of {amount} for invoice {invoice.number}. This email is your receipt.
      </Paragraph>
      <DetailTable rows={rows} />
    </EmailLayout>
  );
}

export const paymentSucceeded: EmailTemplate<PaymentSucceededEmailProps> = { subject, Email: PaymentSucceededEmail };
