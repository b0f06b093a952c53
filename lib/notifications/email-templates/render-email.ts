// Every email type's template, and rendering one: the subject, the HTML React Email makes, and the
// plain-text part derived from that HTML (the same words, for clients and filters that read text).
import { render, toPlainText } from '@react-email/render';
import { createElement } from 'react';
import type { EmailType } from '@/lib/notifications/notification-types';
import { accountReactivated, type AccountReactivatedEmailProps } from './account-reactivated';
import { accountSuspended, type AccountSuspendedEmailProps } from './account-suspended';
import { adminAlert, type AdminAlertEmailProps } from './admin-alert';
import { budgetAlert, type BudgetAlertEmailProps } from './budget-alert';
import { creditNoteIssued, type CreditNoteIssuedEmailProps } from './credit-note-issued';
import type { EmailTemplate } from './email-template';
import { invoiceIssued, type InvoiceIssuedEmailProps } from './invoice-issued';
import { invoiceOverdue, type InvoiceOverdueEmailProps } from './invoice-overdue';
import { paymentFailed, type PaymentFailedEmailProps } from './payment-failed';
import { paymentMethodRequired, type PaymentMethodRequiredEmailProps } from './payment-method-required';
import { paymentSucceeded, type PaymentSucceededEmailProps } from './payment-succeeded';
import { upcomingInvoice, type UpcomingInvoiceEmailProps } from './upcoming-invoice';
import { usageAlert, type UsageAlertEmailProps } from './usage-alert';

/** The props each email type's template takes. */
export type EmailTemplateProps = {
  invoice_issued: InvoiceIssuedEmailProps;
  payment_succeeded: PaymentSucceededEmailProps;
  payment_failed: PaymentFailedEmailProps;
  payment_method_required: PaymentMethodRequiredEmailProps;
  invoice_overdue: InvoiceOverdueEmailProps;
  account_suspended: AccountSuspendedEmailProps;
  account_reactivated: AccountReactivatedEmailProps;
  credit_note_issued: CreditNoteIssuedEmailProps;
  upcoming_invoice: UpcomingInvoiceEmailProps;
  usage_alert: UsageAlertEmailProps;
  budget_alert: BudgetAlertEmailProps;
  admin_alert: AdminAlertEmailProps;
};

export const EMAIL_TEMPLATES: { [K in EmailType]: EmailTemplate<EmailTemplateProps[K]> } = {
  invoice_issued: invoiceIssued,
  payment_succeeded: paymentSucceeded,
  payment_failed: paymentFailed,
  payment_method_required: paymentMethodRequired,
  invoice_overdue: invoiceOverdue,
  account_suspended: accountSuspended,
  account_reactivated: accountReactivated,
  credit_note_issued: creditNoteIssued,
  upcoming_invoice: upcomingInvoice,
  usage_alert: usageAlert,
  budget_alert: budgetAlert,
  admin_alert: adminAlert,
};

export type RenderedEmail = { subject: string; html: string; text: string };

export async function renderEmail<K extends EmailType>(type: K, props: EmailTemplateProps[K]): Promise<RenderedEmail> {
  const template = EMAIL_TEMPLATES[type] as EmailTemplate<EmailTemplateProps[K]>;
  const html = await render(createElement(template.Email, props));
  // headings keep their case in the text part: "Invoice INV-2026-0001", not shouted
  const text = toPlainText(html, { selectors: [{ selector: 'h1', options: { uppercase: false } }] }).trim();
  return { subject: template.subject(props), html, text };
}
