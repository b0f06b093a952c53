import { ActionButton, EmailLayout, Greeting, OpenInvoiceList, Paragraph } from './email-layout';
import type { BrandedProps, EmailInvoice, EmailTemplate } from './email-template';

export type AccountReactivatedEmailProps = BrandedProps & {
  customerName: string | null;
  /** invoices still open (none of them overdue past the grace period, or the account would not be active) */
  openInvoices: EmailInvoice[];
  invoicesUrl: string;
};

function subject({ brand }: AccountReactivatedEmailProps): string {
  return `Your ${brand.companyName} account is active again`;
}

function AccountReactivatedEmail(props: AccountReactivatedEmailProps) {
  const { brand, customerName, openInvoices, invoicesUrl } = props;
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading="Your account is active again">
      <Greeting name={customerName} />
      <Paragraph>Thank you: the overdue invoices are settled, and your {brand.companyName} account is active again.</Paragraph>
      {openInvoices.length > 0 ? (
        <>
          <Paragraph>Still open:</Paragraph>
          <OpenInvoiceList invoices={openInvoices} />
        </>
      ) : null}
      <ActionButton brand={brand} href={invoicesUrl}>
        View your invoices
      </ActionButton>
    </EmailLayout>
  );
}

export const accountReactivated: EmailTemplate<AccountReactivatedEmailProps> = { subject, Email: AccountReactivatedEmail };
