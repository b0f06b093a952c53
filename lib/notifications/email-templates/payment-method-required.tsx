import { formatMoney } from '@/lib/format/format-money';
import { ActionButton, EmailLayout, Greeting, Paragraph } from './email-layout';
import type { BrandedProps, EmailTemplate } from './email-template';

export type PaymentMethodRequiredEmailProps = BrandedProps & {
  customerName: string | null;
  invoiceNumber: string;
  /** what the invoice still asks, when the invoice could be read */
  amountDue: { amount: string; currency: string } | null;
  updatePaymentMethodUrl: string;
};

function subject({ invoiceNumber }: PaymentMethodRequiredEmailProps): string {
  return `Action needed: add a payment method to pay invoice ${invoiceNumber}`;
}

function PaymentMethodRequiredEmail(props: PaymentMethodRequiredEmailProps) {
  const { brand, customerName, invoiceNumber, amountDue, updatePaymentMethodUrl } = props;
  const what = amountDue ? `invoice ${invoiceNumber} (${formatMoney(amountDue.amount, amountDue.currency)})` : `invoice ${invoiceNumber}`;
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading="A payment method is needed">
      <Greeting name={customerName} />
      <Paragraph>
        You pay {brand.companyName} by card or direct debit, but there is no payment method on file to pay {what}. Please add a card or a direct-debit mandate so that
        it can be collected.
      </Paragraph>
      <ActionButton brand={brand} href={updatePaymentMethodUrl}>
        Add a payment method
      </ActionButton>
    </EmailLayout>
  );
}

export const paymentMethodRequired: EmailTemplate<PaymentMethodRequiredEmailProps> = { subject, Email: PaymentMethodRequiredEmail };
