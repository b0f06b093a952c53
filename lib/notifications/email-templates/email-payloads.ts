// What an email's outbox row carries in `payload`, per template. Most emails are about a row (an
// invoice, a credit note, a customer) and read it when they are rendered: their payload is the audit
// entry's details, of which a template uses a few facts the rows do not keep (a failure message, the
// next retry). Four are payload-driven: everything they say is in the payload, because no row holds it
// (usage and budget alerts, the running cost of the open period, operator alerts). Whoever queues
// those (the monitoring issue) writes these shapes; composeEmail checks them and names the field
// when one is wrong. Money and quantities are decimal strings, never floats; instants ISO 8601.
import { z } from 'zod';
import type { EmailType } from '@/lib/notifications/notification-types';

const DECIMAL_MESSAGE = 'must be a decimal string such as "254.50"';
const decimal = z.string({ error: DECIMAL_MESSAGE }).regex(/^-?\d{1,24}(\.\d{1,12})?$/, DECIMAL_MESSAGE);
const instant = z.iso.datetime({ offset: true });
const currency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, 'must be an ISO 4217 code such as "usd"')
  .transform((c) => c.toLowerCase());
const title = z.string().trim().min(1).max(200);

/** upcoming_invoice: the open period's running cost, to a customer. */
export const upcomingInvoicePayload = z.object({
  period_start: instant,
  period_end: instant,
  /** what the period has cost so far, tax excluded */
  amount: decimal,
  currency,
  /** the amount whose crossing triggered the message, when one did */
  threshold: decimal.nullish(),
});

/**
 * usage_alert and budget_alert: a metric's usage (value and threshold are quantities, no currency) or
 * a spend (with currency) passing a threshold. To a customer when the row names one, else to the
 * workspace's admins.
 */
export const thresholdAlertPayload = z.object({
  title,
  /** the billable metric's code or name, when the alert is about one */
  metric: z.string().trim().min(1).max(200).nullish(),
  value: decimal,
  threshold: decimal,
  /** set: value and threshold are money in this currency; absent: quantities */
  currency: currency.nullish(),
  period_start: instant.nullish(),
  period_end: instant.nullish(),
  /** value as a percentage of threshold (80 for 80%) */
  percent: z.number().finite().min(0).nullish(),
});

/** admin_alert: something the operator must look at (a failed run, a failing webhook endpoint). */
export const adminAlertPayload = z.object({
  title,
  message: z.string().trim().min(1).max(5000),
  /** facts shown as a table, in insertion order */
  details: z.record(z.string(), z.string()).optional(),
  /** an http(s) URL, or a path of this app ("/admin/invoices") */
  link: z
    .string()
    .refine((v) => /^\/(?!\/)/.test(v) || /^https?:\/\//i.test(v), 'must be an http(s) URL or a path starting with /')
    .optional(),
});

// The row-driven emails' payloads: the audit details (lib/notifications/audit-notifications.ts). Every
// field is optional, because the row says the rest; listed so that the facts read are written down.
const rowDriven = {
  invoice_issued: z.object({}),
  /** invoice.paid: the payment's amount, method and bank reference; invoice.marked_paid: the admin's reference */
  payment_succeeded: z.object({ amount: decimal.nullish(), method: z.string().nullish(), reference: z.string().nullish(), payment_reference: z.string().nullish() }),
  payment_failed: z.object({ failure_message: z.string().nullish(), next_attempt_at: instant.nullish(), attempt: z.number().int().nullish() }),
  payment_method_required: z.object({ number: z.string().nullish() }),
  invoice_overdue: z.object({}),
  account_suspended: z.object({ grace_days: z.number().int().min(0).nullish() }),
  account_reactivated: z.object({}),
  credit_note_issued: z.object({}),
};

/** The payload schema of every email type; unknown fields are kept out of the way, not refused. */
export const EMAIL_PAYLOAD_SCHEMAS = {
  ...rowDriven,
  upcoming_invoice: upcomingInvoicePayload,
  usage_alert: thresholdAlertPayload,
  budget_alert: thresholdAlertPayload,
  admin_alert: adminAlertPayload,
} satisfies Record<EmailType, z.ZodType>;

/** The payload an email row of each type carries, as it is queued (`payload` of QueuedNotification). */
export type EmailPayloads = { [K in EmailType]: z.input<(typeof EMAIL_PAYLOAD_SCHEMAS)[K]> };
/** The same, as composeEmail reads it after checking (currencies lowercased). */
export type ParsedEmailPayloads = { [K in EmailType]: z.output<(typeof EMAIL_PAYLOAD_SCHEMAS)[K]> };

export type UpcomingInvoicePayload = ParsedEmailPayloads['upcoming_invoice'];
export type ThresholdAlertPayload = ParsedEmailPayloads['usage_alert'];
export type AdminAlertPayload = ParsedEmailPayloads['admin_alert'];

/** Checks a row's payload; the error names the field that is wrong. */
export function parseEmailPayload<K extends EmailType>(type: K, payload: unknown): ParsedEmailPayloads[K] {
  const result = EMAIL_PAYLOAD_SCHEMAS[type].safeParse(payload ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ');
    throw new Error(`The ${type} email's payload is not valid: ${issues}`);
  }
  return result.data as ParsedEmailPayloads[K];
}
