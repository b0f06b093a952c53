import { formatDate } from '@/lib/format/format-date';
import { formatMoney } from '@/lib/format/format-money';
import { AttachmentNote, DetailTable, EmailLayout, Greeting, Paragraph, type DetailRow } from './email-layout';
import type { BrandedProps, EmailCreditNote, EmailInvoice, EmailTemplate } from './email-template';

export type CreditNoteIssuedEmailProps = BrandedProps & {
  customerName: string | null;
  creditNote: EmailCreditNote;
  /** the invoice it credits, as it stands after the credit */
  invoice: EmailInvoice;
  /** the PDF's file name, `<credit note number>.pdf` */
  attachmentName: string;
};

function subject({ brand, creditNote, invoice }: CreditNoteIssuedEmailProps): string {
  return `Credit note ${creditNote.number} from ${brand.companyName}: ${formatMoney(creditNote.total, creditNote.currency)} for invoice ${invoice.number}`;
}

function CreditNoteIssuedEmail(props: CreditNoteIssuedEmailProps) {
  const { brand, customerName, creditNote, invoice, attachmentName } = props;
  const money = (v: string) => formatMoney(v, creditNote.currency);
  const rows: DetailRow[] = [
    { label: 'Credit note number', value: creditNote.number },
    { label: 'Date', value: formatDate(creditNote.created) },
    { label: 'Credits invoice', value: invoice.number },
    { label: 'Reason', value: creditNote.reason },
    { label: 'Subtotal', value: money(creditNote.subtotal) },
    { label: 'Tax', value: money(creditNote.tax) },
    { label: 'Total credited', value: money(creditNote.total), emphasis: true },
  ];
  if (creditNote.method === 'credit') rows.push({ label: `Now due on ${invoice.number}`, value: formatMoney(invoice.amount_due, invoice.currency) });
  return (
    <EmailLayout brand={brand} preview={subject(props)} heading={`Credit note ${creditNote.number}`}>
      <Greeting name={customerName} />
      <Paragraph>
        {creditNote.method === 'refund'
          ? `${brand.companyName} has issued a credit note of ${money(creditNote.total)} for invoice ${invoice.number}, which you have already paid: this amount is refunded to you.`
          : `${brand.companyName} has issued a credit note of ${money(creditNote.total)} for invoice ${invoice.number}: it reduces what you owe on that invoice.`}
      </Paragraph>
      <DetailTable rows={rows} />
      <AttachmentNote filename={attachmentName} what="credit note" />
    </EmailLayout>
  );
}

export const creditNoteIssued: EmailTemplate<CreditNoteIssuedEmailProps> = { subject, Email: CreditNoteIssuedEmail };
