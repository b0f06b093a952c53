// What a template is: its subject and its React Email body, both from one typed props object, so the
// subject line and the body can never disagree on a figure.
import type { ReactElement } from 'react';
import type { toCreditNoteView } from '@/lib/invoicing/credit-notes';
import type { InvoiceView } from '@/lib/invoicing/invoice-view';
import type { EmailBrand } from './email-brand';

export type EmailTemplate<Props> = {
  subject: (props: Props) => string;
  Email: (props: Props) => ReactElement;
};

/** Every template's props carry the workspace's branding. */
export type BrandedProps = { brand: EmailBrand };

/** The invoice figures an email states, as loadInvoiceView returns them; issued, so numbered. */
export type EmailInvoice = Pick<InvoiceView, 'id' | 'currency' | 'total' | 'amount_due' | 'amount_paid' | 'issued_at' | 'due_date' | 'period_start' | 'period_end' | 'paid_at'> & {
  number: string;
};

/** A credit note as the API shows it (toCreditNoteView). */
export type EmailCreditNote = Pick<ReturnType<typeof toCreditNoteView>, 'number' | 'currency' | 'subtotal' | 'tax' | 'total' | 'method' | 'reason' | 'created'>;
