// Shapes the dashboard pages render. Money stays a decimal string from the database until
// formatMoney() prints it.
import type { INVOICE_STATUSES, SUBSCRIPTION_STATUSES } from '@/lib/db/schema';

export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** The stored status, with an open invoice past its due date shown as overdue. */
export type InvoiceDisplayStatus = InvoiceStatus | 'overdue';
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export type InvoiceSummary = {
  id: string;
  /** null only for drafts, which get their number at finalization */
  number: string | null;
  /** stripe: issued by Stripe for the Stripe subscription, numbered in Stripe's series */
  source: 'meterbill' | 'stripe';
  status: InvoiceDisplayStatus;
  currency: string;
  periodStart: Date | null;
  periodEnd: Date | null;
  issuedAt: Date | null;
  dueDate: Date | null;
  total: string;
  amountDue: string;
};

export type MoneyAmount = { currency: string; amount: string };
