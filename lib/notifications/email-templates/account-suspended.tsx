import { ActionButton, EmailLayout, Greeting, Muted, OpenInvoiceList, Paragraph } from './email-layout';
import type { BrandedProps, EmailInvoice, EmailTemplate } from './email-template';

export type AccountSuspendedEmailProps = BrandedProps & {
  customerName: string | null;
  /** the customer's invoices still to pay, oldest due first */
  openInvoices: EmailInvoice[];
  invoicesUrl: string;
  /** days past the due date after which an unpaid invoice suspends the account */
  graceDays: number | null;
};

function subject({ brand }: AccountSuspendedEmailProps): string {
  return `Your ${brand.companyName} account is suspended`;
}

function AccountSuspendedEmail(props: AccountSuspendedEmailProps) {
  const { brand, customerName, openInvoices, invoicesUrl, graceDays } = props;
  const late = graceDays ? `more than ${graceDays} ${graceDays === 1 ? 'day' : 'days'} past its due date` : 'past its due date';
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading="Your account is suspended">
      <Greeting name={customerName} />
      <Paragraph>
        We have suspended your {brand.companyName} account because an invoice is still unpaid {late}. Your account is reactivated automatically as soon as the overdue
        invoices are paid.
      </Paragraph>
      {openInvoices.length > 0 ? (
        <>
          <Paragraph>{openInvoices.length === 1 ? 'The invoice to pay:' : 'The invoices to pay:'}</Paragraph>
          <OpenInvoiceList invoices={openInvoices} />
        </>
      ) : null}
      <ActionButton brand={brand} href={invoicesUrl}>
        View and pay your invoices
      </ActionButton>
      <Muted>If you have already paid, thank you: the payment may still be on its way, and your account is reactivated when it arrives.</Muted>
    </EmailLayout>
  );
}

export const accountSuspended: EmailTemplate<AccountSuspendedEmailProps> = { subject, Email: AccountSuspendedEmail };
