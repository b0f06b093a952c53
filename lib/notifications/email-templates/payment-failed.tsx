import { formatDate } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { ActionButton, DetailTable, EmailLayout, Greeting, Paragraph, type DetailRow } from './email-layout';
import type { BrandedProps, EmailInvoice, EmailTemplate } from './email-template';

export type PaymentFailedEmailProps = BrandedProps & {
  customerName: string | null;
  invoice: EmailInvoice;
  /** the bank's or Stripe's reason ("Your card was declined.") */
  failureMessage: string | null;
  /** the next automatic attempt; null when none is scheduled */
  nextAttemptAt: string | null;
  updatePaymentMethodUrl: string;
};

function subject({ invoice }: PaymentFailedEmailProps): string {
  return `Payment failed for invoice ${invoice.number}: ${formatMoney(invoice.amount_due, invoice.currency)}`;
}

function PaymentFailedEmail(props: PaymentFailedEmailProps) {
  const { brand, customerName, invoice, failureMessage, nextAttemptAt, updatePaymentMethodUrl } = props;
  const amount = formatMoney(invoice.amount_due, invoice.currency);
  const rows: DetailRow[] = [
    { label: 'Invoice number', value: invoice.number },
    { label: 'Amount', value: amount, emphasis: true },
  ];
  if (failureMessage) rows.push({ label: 'Reason', value: failureMessage });
  rows.push({ label: 'Next attempt', value: nextAttemptAt ? formatDate(nextAttemptAt) : 'None scheduled' });
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading="Your payment did not go through">
      <Greeting name={customerName} />
      <Paragraph>We could not collect {amount} for invoice {invoice.number}.</Paragraph>
      <DetailTable rows={rows} />
      <Paragraph>
        {nextAttemptAt
          ? `We will try again on ${formatDate(nextAttemptAt)}. To make sure it succeeds, please check or update your payment method.`
          : 'No further attempt is scheduled. Please update your payment method so that the invoice can be paid.'}
      </Paragraph>
      <ActionButton brand={brand} href={updatePaymentMethodUrl}>
        Update payment method
      </ActionButton>
    </EmailLayout>
  );
}

export const paymentFailed: EmailTemplate<PaymentFailedEmailProps> = { subject, Email: PaymentFailedEmail };
