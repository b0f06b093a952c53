// How the API shows a workspace: the summary in lists, and with its settings on the [id] routes.
// A setting is shown as stored (null: the installation's default applies) and, under `effective`,
// as documents, emails and new customers actually get it.
import { decimalString } from '@/lib/billing/money';
import type { Env } from '@/lib/env';
import { workspaceConfig, workspaceEmailFrom, type Workspace } from './workspace-config';

export function toWorkspaceSummary(w: Workspace) {
  return { id: w.id, slug: w.slug, name: w.name, created: w.createdAt.toISOString() };
}

export function toWorkspaceJson(w: Workspace, e?: Env) {
  const config = workspaceConfig(w, e);
  return {
    ...toWorkspaceSummary(w),
    updated: w.updatedAt.toISOString(),
    company: { name: w.companyName, email: w.companyEmail, address_lines: w.companyAddressLines, tax_id: w.companyTaxId },
    default_currency: w.defaultCurrency,
    default_tax_rate: w.defaultTaxRate === null ? null : decimalString(w.defaultTaxRate),
    invoice_number_format: w.invoiceNumberFormat,
    credit_note_number_format: w.creditNoteNumberFormat,
    payment_terms_days: w.paymentTermsDays,
    bank: { iban: w.bankIban, bic: w.bankBic },
    email_from: w.emailFrom,
    admin_alert_emails: w.adminAlertEmails,
    brand_color: w.brandColor,
    logo_url: w.logoUrl,
    stripe_account_id: w.stripeAccountId,
    effective: {
      company: { name: config.seller.name, email: config.seller.email, address_lines: config.seller.address_lines, tax_id: config.seller.tax_id },
      default_currency: config.defaultCurrency,
      default_tax_rate: decimalString(config.defaultTaxRate),
      invoice_number_format: config.invoiceNumberFormat,
      credit_note_number_format: config.creditNoteNumberFormat,
      payment_terms_days: config.paymentTermsDays,
      bank: config.bank,
      email_from: workspaceEmailFrom(w, e),
    },
  };
}

export type WorkspaceJson = ReturnType<typeof toWorkspaceJson>;
