import 'server-only';
import { getMargins, type Margins } from '@/lib/margins/get-margins';
import { addUtcDays, utcDay } from '@/lib/time/utc-day';
import type { AdminWorkspace } from './require-admin';

/** The overview's window: the last 30 UTC days, today included. */
export const RECENT_MARGIN_DAYS = 30;

/** The gross margin of the invoices issued in the last 30 days, per currency, for the admin overview. */
export async function getRecentMargins({ database }: AdminWorkspace, now: Date): Promise<Margins> {
  const to = utcDay(now);
  // the totals only: the overview shows no plan or customer of them
  return getMargins(database.db, { from: utcDay(addUtcDays(now, -(RECENT_MARGIN_DAYS - 1))), to }, { breakdown: false });
}
