// Input shapes for workspaces and their settings (API.md's "Workspaces"), and how a validated body
// maps onto the workspaces table. Every body is a strict object, nested ones too: an unknown field is
// refused by name. A setting sent as null goes back to the installation's default
// (lib/workspaces/workspace-config.ts).
import { z } from 'zod';
import { invoiceNumberSeries } from '@/lib/billing/invoice-number';
import { currencySchema } from '@/lib/catalog/catalog-schemas';
import { taxRateSchema } from '@/lib/customers/customer-schemas';
import { WORKSPACE_ROLES, type workspaces } from '@/lib/db/schema';

/** The same rule as the table's check: it names the workspace in the CLI, the switcher's cookie and URLs. */
export const workspaceSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1 to 40 lowercase letters, digits and dashes, starting with a letter or digit');

/**
 * A numbering format the invoice-number helpers accept ({year}, {number}, {number:0Nd}), checked
 * now rather than at the first finalization, where a typo would stop invoicing.
 */
const numberFormat = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .superRefine((format, ctx) => {
    try {
      invoiceNumberSeries(format);
    } catch (error) {
      // the helper says what is wrong: an unknown placeholder, or no {number}
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
    }
  });

/** `billing@example.com` or `Example Billing <billing@example.com>`, as EMAIL_FROM takes it. */
function isEmailSender(value: string): boolean {
  const match = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/.exec(value);
  const address = match?.[1] ?? match?.[2];
  return Boolean(address && z.email().safeParse(address).success);
}

const companySchema = z.strictObject({
  name: z.string().trim().min(1).max(200).nullable(),
  email: z.email({ message: 'must be an email address' }).max(320).nullable(),
  address_lines: z.array(z.string().trim().min(1).max(200)).max(6).nullable(),
  tax_id: z.string().trim().min(1).max(50).nullable(),
});

const bankSchema = z.strictObject({
  // stored without spaces, upper case: the form documents print and payers type
  iban: z
    .string()
    .transform((v) => v.replace(/\s+/g, '').toUpperCase())
    .pipe(z.string().regex(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/, 'must be an IBAN such as DE89370400440532013000'))
    .nullable(),
  bic: z
    .string()
    .transform((v) => v.trim().toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{8}([A-Z0-9]{3})?$/, 'must be an 8 or 11 character BIC'))
    .nullable(),
});

const settingsFields = {
  company: companySchema.partial(),
  default_currency: currencySchema.nullable(),
  default_tax_rate: taxRateSchema.nullable(),
  invoice_number_format: numberFormat.nullable(),
  credit_note_number_format: numberFormat.nullable(),
  payment_terms_days: z.number().int().min(0).max(365).nullable(),
  bank: bankSchema.partial(),
  email_from: z.string().trim().max(320).refine(isEmailSender, 'must be an email address or "Name <address>"').nullable(),
  // who gets admin_alert mail (failed runs, cost thresholds, failing webhook endpoints); empty: the company email
  admin_alert_emails: z
    .array(z.email({ message: 'must be an email address' }).max(320))
    .max(10, 'at most 10 addresses'),
  // the emails' look: an accent colour and a logo shown in their header
  brand_color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour as #rrggbb, e.g. #4f46e5')
    .nullable(),
  logo_url: z
    .url({ protocol: /^https$/, message: 'must be an https URL of an image' })
    .max(2000)
    .nullable(),
  // Stripe Connect: the account the platform's key acts for, one workspace per account
  stripe_account_id: z
    .string()
    .regex(/^acct_[A-Za-z0-9]{1,64}$/, 'must be a Stripe account id such as acct_1Nv0FGQ9RKHgCVdK')
    .nullable(),
};

const workspaceName = z.string().trim().min(1).max(200);

/** Every setting may be left out; the installation's defaults then apply. */
const settingsSchema = z.strictObject(settingsFields).partial();
type SettingsOutput = z.output<typeof settingsSchema>;

export const createWorkspaceSchema = settingsSchema.extend({ slug: workspaceSlugSchema, name: workspaceName });
export type CreateWorkspaceInput = z.input<typeof createWorkspaceSchema>;

// The slug is not among the changes: cookies, scripts (--workspace) and bookmarks name it.
export const updateWorkspaceSchema = settingsSchema
  .extend({ name: workspaceName.optional() })
  .refine((c) => Object.keys(c).length > 0, { message: 'name at least one field to change' });
export type UpdateWorkspaceInput = z.input<typeof updateWorkspaceSchema>;

type WorkspaceColumns = Partial<Omit<typeof workspaces.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>>;

/**
 * The columns a validated body sets, and the fields it names (dotted, for the audit log). Only the
 * fields present are touched: a PATCH of company.name leaves the company's email as it was.
 */
export function toWorkspaceColumns(body: SettingsOutput & { name?: string; slug?: string }): { columns: WorkspaceColumns; fields: string[] } {
  const columns: WorkspaceColumns = {};
  const fields: string[] = [];
  const set = <K extends keyof WorkspaceColumns>(field: string, column: K, value: WorkspaceColumns[K] | undefined) => {
    if (value === undefined) return;
    columns[column] = value;
    fields.push(field);
  };
  set('slug', 'slug', body.slug);
  set('name', 'name', body.name);
  set('company.name', 'companyName', body.company?.name);
  set('company.email', 'companyEmail', body.company?.email);
  set('company.address_lines', 'companyAddressLines', body.company?.address_lines);
  set('company.tax_id', 'companyTaxId', body.company?.tax_id);
  set('default_currency', 'defaultCurrency', body.default_currency);
  set('default_tax_rate', 'defaultTaxRate', body.default_tax_rate);
  set('invoice_number_format', 'invoiceNumberFormat', body.invoice_number_format);
  set('credit_note_number_format', 'creditNoteNumberFormat', body.credit_note_number_format);
  set('payment_terms_days', 'paymentTermsDays', body.payment_terms_days);
  set('bank.iban', 'bankIban', body.bank?.iban);
  set('bank.bic', 'bankBic', body.bank?.bic);
  set('email_from', 'emailFrom', body.email_from);
  set('admin_alert_emails', 'adminAlertEmails', body.admin_alert_emails);
  set('brand_color', 'brandColor', body.brand_color);
  set('logo_url', 'logoUrl', body.logo_url);
  set('stripe_account_id', 'stripeAccountId', body.stripe_account_id);
  return { columns, fields };
}

export const addMemberSchema = z.strictObject({
  email: z.email({ message: 'must be an email address' }).max(320),
  role: z.enum(WORKSPACE_ROLES),
});
export type AddMemberInput = z.input<typeof addMemberSchema>;

export const updateMemberSchema = z.strictObject({ role: z.enum(WORKSPACE_ROLES) });
export type UpdateMemberInput = z.input<typeof updateMemberSchema>;
