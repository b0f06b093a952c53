import 'server-only';
import {
  getInvoicedAndCollected,
  getMrrTrend,
  getPaymentSuccessRates,
  getReceivablesAging,
  type MonthlyCashflow,
  type MrrTrend,
  type PaymentSuccessRate,
  type ReceivablesAging,
} from '@/lib/revenue/overview-charts';
import type { TrendMonth } from '@/lib/revenue/month-end-mrr';
import type { AdminWorkspace } from './require-admin';

export type OverviewCharts = {
  mrrTrend: MrrTrend;
  cashflow: { months: TrendMonth[]; series: MonthlyCashflow[] };
  aging: ReceivablesAging[];
  successRates: PaymentSuccessRate[];
};

/** The admin overview's trend charts, every figure as of `now` (the page's request time). */
export async function getOverviewCharts({ database, config }: AdminWorkspace, now: Date): Promise<OverviewCharts> {
  const { db } = database;
  const [mrrTrend, cashflow, aging, successRates] = await Promise.all([
    getMrrTrend(db, now, config.defaultCurrency),
    getInvoicedAndCollected(db, now),
    getReceivablesAging(db, now),
    getPaymentSuccessRates(db, now),
  ]);
  return { mrrTrend, cashflow, aging, successRates };
}
