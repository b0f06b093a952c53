// The automated run (Vercel Cron, `npm run billing -- run`): bill every ended period, mirror the new
// invoices to Stripe, charge and retry per the dunning schedule, then the rest of dunning. Each step
// is resumable: what a killed run left undone, the next run finds and finishes, without duplicates.
import type Stripe from 'stripe';
import type { Actor } from '@/lib/api-keys/create-api-key';
import type { BillingConfig } from '@/lib/config/billing-config';
import type { Database } from '@/lib/db/client';
import { runDunning, type DunningSummary } from '@/lib/dunning/run-dunning';
import { runBilling, type RunSummary } from '@/lib/invoicing/run-billing';
import { mirrorPendingInvoices } from '@/lib/stripe/mirror-pending';

export type AutomationSummary = RunSummary & { stripe: { configured: boolean; mirrored: number; failed: number }; dunning: DunningSummary | null };

export async function runAutomation(
  database: Database,
  stripe: Stripe | null,
  ctx: { now: Date; config: BillingConfig; actor: Actor; trigger: 'cron' | 'cli' | 'manual'; budgetMs?: number },
): Promise<AutomationSummary> {
  const started = Date.now();
  const deadline = ctx.budgetMs === undefined ? undefined : started + ctx.budgetMs;
  const billing = await runBilling(database, ctx);
  const mirrored = stripe ? await mirrorPendingInvoices(database.db, stripe, { deadline }) : { mirrored: 0, failures: [] };
  // dunning is quick and must not starve behind a long backlog: it runs whenever time is left
  const dunning = deadline === undefined || Date.now() < deadline ? await runDunning(database.db, stripe, ctx) : null;
  return {
    ...billing,
    duration_ms: Date.now() - started,
    stripe: { configured: stripe !== null, mirrored: mirrored.mirrored, failed: mirrored.failures.length },
    dunning,
  };
}
