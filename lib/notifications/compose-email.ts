// An email outbox row made ready to send: its recipients, subject, HTML and text, and the PDF it
// carries. The row names what the email is about (an invoice, a credit note, a customer) and the
// event's facts (payload); everything else is read now, through the functions the API and the
// documents use, so the email states what the invoice document states. Rendering happens when the
// message is sent, not when it is queued: the transaction that caused the event stays short.
//
// Errors (an empty recipient list, a row that names nothing to write about, a malformed payload) are
// thrown as plain Errors with a sentence the sender records as the message's last_error.
import { and, asc, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { toExact } from '@/lib/billing/exact-decimal';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Queryable } from '@/lib/db/client';
import { creditNotes, customers, invoices, payments, type notificationOutbox } from '@/lib/db/schema';
import { creditNoteFileName } from '@/lib/documents/credit-note-document';
import { renderCreditNotePdf } from '@/lib/documents/credit-note-pdf';
import { documentFileName, safeHttpUrl } from '@/lib/documents/invoice-document';
import { renderInvoicePdf } from '@/lib/documents/invoice-pdf';
import { toCreditNoteView } from '@/lib/invoicing/credit-notes';
import { loadInvoiceView, loadInvoiceViews, type InvoiceView } from '@/lib/invoicing/invoice-view';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import { emailBrand, type EmailBrand } from './email-templates/email-brand';
import type { PaymentInstructions } from './email-templates/email-layout';
import { parseEmailPayload } from './email-templates/email-payloads';
import type { EmailInvoice } from './email-templates/email-template';
import type { ReceiptMethod } from './email-templates/payment-succeeded';
import { renderEmail, type RenderedEmail } from './email-templates/render-email';
import { EMAIL_TYPES, type EmailType } from './notification-types';

export type OutboxMessage = typeof notificationOutbox.$inferSelect;
type Customer = typeof customers.$inferSelect;

export type ComposeEmailContext = {
  workspace: Workspace;
  config: BillingConfig;
  /** the app's public address (APP_URL): links in the email point here */
  appUrl: string;
  /** false when the message is only rendered and kept (no Resend key): the PDFs, which are slow, are not made */
  withAttachments: boolean;
};

export type EmailAttachment = { filename: string; content: Buffer };

export type ComposedEmail = RenderedEmail & { to: string[]; attachments: EmailAttachment[] };

const RECEIPT_METHODS: readonly ReceiptMethod[] = ['card', 'sepa_debit', 'bank_transfer', 'manual'];

/** Alerts addressed to a customer when the row names one, and to the workspace's admins when not. */
function isAdminSide(message: Pick<OutboxMessage, 'template' | 'customerId'>): boolean {
  if (message.template === 'admin_alert') return true;
  return (message.template === 'usage_alert' || message.template === 'budget_alert') && !message.customerId;
}

function unique(emails: string[]): string[] {
  const seen = new Set<string>();
  return emails.filter((email) => {
    const key = email.trim().toLowerCase();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Who receives the message: the row's own recipients when it has them; for a customer's email the
 * customer's billing emails, else their email; for an operator alert the workspace's admin alert
 * emails, else the seller's email. No recipient is an error, never a silent drop.
 */
export function emailRecipients(
  message: Pick<OutboxMessage, 'template' | 'toEmails' | 'customerId'>,
  customer: Pick<Customer, 'email' | 'billingEmails'> | null,
  { workspace, config }: Pick<ComposeEmailContext, 'workspace' | 'config'>,
): string[] {
  let to: string[];
  if (message.toEmails.length > 0) to = message.toEmails;
  else if (isAdminSide(message)) to = workspace.adminAlertEmails.length > 0 ? workspace.adminAlertEmails : config.seller.email ? [config.seller.email] : [];
  else if (customer) to = customer.billingEmails.length > 0 ? customer.billingEmails : [customer.email];
  else to = [];
  to = unique(to);
  if (to.length === 0) {
    throw new Error(
      isAdminSide(message)
        ? `The ${message.template} email has no recipient: set the workspace's admin alert emails or its company email`
        : `The ${message.template} email has no recipient: the customer has no email and the message names none`,
    );
  }
  return to;
}

/**
 * How an open invoice is paid. Card and direct-debit customers get a pay link: Stripe's hosted page
 * when the invoice is mirrored there, else the app's invoice page (their Stripe customer pays there).
 * Bank-transfer customers, and customers not on Stripe, get the workspace's bank details with the
 * invoice number as the reference. Without either, whom to ask.
 */
export function paymentInstructions(
  invoice: Pick<InvoiceView, 'id' | 'hosted_invoice_url' | 'seller'> & { number: string },
  customer: Pick<Customer, 'paymentMethod' | 'stripeCustomerId' | 'autoPay'>,
  { config, appUrl }: Pick<ComposeEmailContext, 'config' | 'appUrl'>,
): PaymentInstructions {
  const hosted = safeHttpUrl(invoice.hosted_invoice_url);
  const payOnline = hosted ?? (customer.stripeCustomerId ? appLink(appUrl, `/billing/invoices/${invoice.id}`) : null);
  const bank: PaymentInstructions | null = config.bank.iban ? { kind: 'bank_transfer', iban: config.bank.iban, bic: config.bank.bic, reference: invoice.number } : null;
  if ((customer.paymentMethod === 'bank_transfer' || !payOnline) && bank) return bank;
  if (payOnline) return { kind: 'pay_online', url: payOnline, autoCharge: customer.autoPay && customer.paymentMethod !== 'bank_transfer' };
  return { kind: 'contact', email: invoice.seller?.email ?? config.seller.email ?? null };
}

/** A path of the app as an absolute URL (APP_URL may carry a path of its own). */
function appLink(appUrl: string, path: string): string {
  return `${appUrl.replace(/\/+$/, '')}${path}`;
}

async function issuedInvoice(db: Queryable, message: OutboxMessage): Promise<InvoiceView & EmailInvoice> {
  if (!message.invoiceId) throw new Error(`The ${message.template} email names no invoice`);
  const view = await loadInvoiceView(db, message.invoiceId);
  if (!view) throw new Error(`Invoice ${message.invoiceId} of the ${message.template} email does not exist`);
  if (!view.number) throw new Error(`Invoice ${view.id} is a draft: a draft is never emailed`);
  return view as InvoiceView & EmailInvoice;
}

async function loadCustomer(db: Queryable, id: string | null): Promise<Customer | null> {
  if (!id) return null;
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row ?? null;
}

function requireCustomer(customer: Customer | null, template: string): Customer {
  if (!customer) throw new Error(`The ${template} email names no customer, or the customer does not exist`);
  return customer;
}

/** The issued invoice an email is about and the customer it goes to (the row's, else the invoice's). */
async function invoiceAndCustomer(db: Queryable, message: OutboxMessage, template: EmailType) {
  const invoice = await issuedInvoice(db, message);
  const customer = requireCustomer(await loadCustomer(db, message.customerId ?? invoice.customer_id), template);
  return { invoice, customer };
}

/** The customer's invoices still to pay, the oldest due first. */
async function openInvoices(db: Queryable, customerId: string): Promise<EmailInvoice[]> {
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.customerId, customerId), inArray(invoices.status, ['open', 'uncollectible']), gt(invoices.amountDue, '0')))
    .orderBy(sql`${invoices.dueDate} asc nulls last`, asc(invoices.issuedAt));
  const views = await loadInvoiceViews(db, rows.map((r) => r.id));
  return views.filter((v): v is InvoiceView & EmailInvoice => v.number !== null);
}

/** How a payment came, from the event, else from the invoice's last successful payment. */
async function receiptMethod(db: Queryable, invoiceId: string, fromPayload: string | null | undefined): Promise<{ method: ReceiptMethod | null; reference: string | null }> {
  if (fromPayload && (RECEIPT_METHODS as readonly string[]).includes(fromPayload)) return { method: fromPayload as ReceiptMethod, reference: null };
  const [payment] = await db
    .select({ method: payments.method, reference: payments.reference })
    .from(payments)
    .where(and(eq(payments.invoiceId, invoiceId), eq(payments.status, 'succeeded')))
    .orderBy(desc(payments.createdAt))
    .limit(1);
  return { method: payment?.method ?? null, reference: payment?.reference ?? null };
}

type Rendering = { render: () => Promise<RenderedEmail>; attachment: (() => Promise<EmailAttachment>) | null; customer: Customer | null };

/** Reads what the template needs and returns how to render it, and its PDF if it has one. */
async function prepare(db: Queryable, message: OutboxMessage, template: EmailType, brand: EmailBrand, ctx: ComposeEmailContext): Promise<Rendering> {
  const link = (path: string) => appLink(ctx.appUrl, path);
  const paymentMethodsUrl = link('/billing/payment-methods');
  const invoicesUrl = link('/billing/invoices');

  switch (template) {
    case 'invoice_issued': {
      const { invoice, customer } = await invoiceAndCustomer(db, message, template);
      const attachmentName = documentFileName(invoice, 'pdf');
      return {
        customer,
        render: () =>
          renderEmail(template, { brand, customerName: customer.name, invoice, payment: paymentInstructions(invoice, customer, ctx), attachmentName }),
        attachment: async () => ({ filename: attachmentName, content: await renderInvoicePdf(invoice, ctx.config.bank) }),
      };
    }
    case 'payment_succeeded': {
      const payload = parseEmailPayload(template, message.payload);
      const { invoice, customer } = await invoiceAndCustomer(db, message, template);
      const how = await receiptMethod(db, invoice.id, payload.method);
      const paid = toExact(invoice.amount_paid, 'amount_paid').gt(0) ? invoice.amount_paid : invoice.total;
      return {
        customer,
        render: () =>
          renderEmail(template, {
            brand,
            customerName: customer.name,
            invoice,
            receipt: { amount: payload.amount ?? paid, method: how.method, paidAt: invoice.paid_at, reference: payload.reference ?? payload.payment_reference ?? how.reference },
          }),
        attachment: null,
      };
    }
    case 'payment_failed': {
      const payload = parseEmailPayload(template, message.payload);
      const { invoice, customer } = await invoiceAndCustomer(db, message, template);
      return {
        customer,
        render: () =>
          renderEmail(template, {
            brand,
            customerName: customer.name,
            invoice,
            failureMessage: payload.failure_message ?? null,
            nextAttemptAt: payload.next_attempt_at ?? null,
            updatePaymentMethodUrl: paymentMethodsUrl,
          }),
        attachment: null,
      };
    }
    case 'payment_method_required': {
      const payload = parseEmailPayload(template, message.payload);
      const invoice = message.invoiceId ? await loadInvoiceView(db, message.invoiceId) : null;
      const invoiceNumber = payload.number ?? invoice?.number;
      if (!invoiceNumber) throw new Error('The payment_method_required email names no invoice number');
      const customer = requireCustomer(await loadCustomer(db, message.customerId ?? invoice?.customer_id ?? null), template);
      return {
        customer,
        render: () =>
          renderEmail(template, {
            brand,
            customerName: customer.name,
            invoiceNumber,
            amountDue: invoice ? { amount: invoice.amount_due, currency: invoice.currency } : null,
            updatePaymentMethodUrl: paymentMethodsUrl,
          }),
        attachment: null,
      };
    }
    case 'invoice_overdue': {
      const { invoice, customer } = await invoiceAndCustomer(db, message, template);
      return {
        customer,
        render: () => renderEmail(template, { brand, customerName: customer.name, invoice, payment: paymentInstructions(invoice, customer, ctx) }),
        attachment: null,
      };
    }
    case 'account_suspended':
    case 'account_reactivated': {
      const customer = requireCustomer(await loadCustomer(db, message.customerId), template);
      const open = await openInvoices(db, customer.id);
      const base = { brand, customerName: customer.name, openInvoices: open, invoicesUrl };
      if (template === 'account_reactivated') return { customer, render: () => renderEmail(template, base), attachment: null };
      const payload = parseEmailPayload(template, message.payload);
      return { customer, render: () => renderEmail(template, { ...base, graceDays: payload.grace_days ?? ctx.config.dunning.graceDays }), attachment: null };
    }
    case 'credit_note_issued': {
      if (!message.creditNoteId) throw new Error('The credit_note_issued email names no credit note');
      const [row] = await db.select().from(creditNotes).where(eq(creditNotes.id, message.creditNoteId));
      if (!row) throw new Error(`Credit note ${message.creditNoteId} of the credit_note_issued email does not exist`);
      const creditNote = toCreditNoteView(row);
      const invoice = await issuedInvoice(db, { ...message, invoiceId: creditNote.invoice_id });
      const customer = requireCustomer(await loadCustomer(db, message.customerId ?? creditNote.customer_id), template);
      const attachmentName = creditNoteFileName(creditNote);
      return {
        customer,
        render: () => renderEmail(template, { brand, customerName: customer.name, creditNote, invoice, attachmentName }),
        attachment: async () => ({ filename: attachmentName, content: await renderCreditNotePdf(creditNote, invoice) }),
      };
    }
    case 'upcoming_invoice': {
      const payload = parseEmailPayload(template, message.payload);
      const customer = requireCustomer(await loadCustomer(db, message.customerId), template);
      return {
        customer,
        render: () =>
          renderEmail(template, {
            brand,
            customerName: customer.name,
            periodStart: payload.period_start,
            periodEnd: payload.period_end,
            amount: payload.amount,
            currency: payload.currency,
            threshold: payload.threshold ?? null,
            usageUrl: link('/billing/usage'),
          }),
        attachment: null,
      };
    }
    case 'usage_alert':
    case 'budget_alert': {
      const alert = parseEmailPayload(template, message.payload);
      const customer = message.customerId ? requireCustomer(await loadCustomer(db, message.customerId), template) : null;
      const props = {
        brand,
        audience: customer ? ('customer' as const) : ('admin' as const),
        recipientName: customer?.name ?? null,
        alert,
        link: link(customer ? '/billing/usage' : '/admin'),
      };
      return { customer, render: () => renderEmail(template, props), attachment: null };
    }
    case 'admin_alert': {
      const alert = parseEmailPayload(template, message.payload);
      const target = alert.link ? (alert.link.startsWith('/') ? link(alert.link) : safeHttpUrl(alert.link)) : null;
      return { customer: null, render: () => renderEmail(template, { brand, alert, link: target }), attachment: null };
    }
  }
}

/**
 * The outbox row `message` (an email) as the message to hand to the provider. `db` is the workspace's
 * scoped handle (or a transaction of it); `ctx.workspace` is the row's workspace.
 */
export async function composeEmail(db: Queryable, message: OutboxMessage, ctx: ComposeEmailContext): Promise<ComposedEmail> {
  if (message.channel !== 'email') throw new Error(`Outbox message ${message.id} is a webhook event, not an email`);
  if (!(EMAIL_TYPES as readonly string[]).includes(message.template)) throw new Error(`Unknown email template: ${message.template}`);
  if (message.workspaceId !== ctx.workspace.id) throw new Error(`Outbox message ${message.id} belongs to another workspace`);
  const template = message.template as EmailType;

  const rendering = await prepare(db, message, template, emailBrand(ctx.workspace, ctx.config), ctx);
  // recipients before rendering: a message nobody can receive fails before the PDF is drawn
  const to = emailRecipients(message, rendering.customer, ctx);
  const [email, attachment] = await Promise.all([rendering.render(), ctx.withAttachments && rendering.attachment ? rendering.attachment() : null]);
  return { ...email, to, attachments: attachment ? [attachment] : [] };
}
