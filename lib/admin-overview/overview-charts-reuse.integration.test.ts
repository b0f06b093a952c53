// The overview's MRR trend reused for a minute: never while it disagrees with the live MRR card (a new
// subscription shows at once), and a change to past months alone shows once the minute has passed.
import { beforeAll, describe, expect, it } from 'vitest';
import { createPlan } from '@/lib/catalog/create-plan';
import { billingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { parseEnv } from '@/lib/env';
import { getRevenueSummary } from '@/lib/revenue/revenue-summary';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { rollOverSubscriptions } from '@/lib/subscriptions/roll-over-subscriptions';
import { updateSubscription } from '@/lib/subscriptions/update-subscription';
import { describeEachEngine } from '@/test/test-database';
import { getOverviewCharts, MRR_TREND_REUSE_MS, trendAgreesWithMrr } from './get-overview-charts';
import type { AdminWorkspace } from './require-admin';

const NOW = new Date('2026-06-15T12:00:00Z');
const ADMIN = { type: 'user', id: 'admin-test' } as const;
const config = billingConfig(parseEnv({}));
const d = (iso: string) => new Date(iso);
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('trendAgreesWithMrr', () => {
  const trend = (series: Record<string, string>) => ({ months: [], series: Object.entries(series).map(([currency, mrr]) => ({ currency, points: [{ month: '2026-05', mrr: '1.00' }, { month: '2026-06', mrr }] })) });
  it('compares the month to date exactly, per currency, a missing currency counting as zero', () => {
    expect(trendAgreesWithMrr(trend({ usd: '395.40' }), { usd: '395.4' })).toBe(true);
    expect(trendAgreesWithMrr(trend({ usd: '395.40', eur: '0.00' }), { usd: '395.40' })).toBe(true);
    expect(trendAgreesWithMrr(trend({ usd: '395.40' }), { usd: '395.41' })).toBe(false);
    expect(trendAgreesWithMrr(trend({ usd: '395.40' }), { usd: '395.40', eur: '5.00' })).toBe(false);
  });
});

describeEachEngine('overview charts: the MRR trend reused while it agrees', (get) => {
  const scope = () => ({ database: get(), config, workspace: { id: get().workspaceId } }) as unknown as AdminWorkspace;
  const liveMrr = async () => (await getRevenueSummary(get().db, 'usd')).mrr_by_currency;
  const charts = async (at: Date) => (await getOverviewCharts(scope(), at, liveMrr())).mrrTrend.series.find((s) => s.currency === 'usd')!.points.map((p) => p.mrr);
  const customer = async (name: string) => (await createCustomer(get().db, { name, email: `${name}@example.com`, currency: 'usd', tax_rate: '0' }, { actor: ADMIN, now: d('2026-01-01T00:00:00Z'), defaultCurrency: 'usd' })).id;

  beforeAll(async () => {
    await createPlan(get().db, { code: 'basic', name: 'Basic', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '100' }] });
    await createSubscription(get().db, { customer_id: await customer('first'), plan_code: 'basic', start_date: '2026-05-01' }, { now: d('2026-05-01T00:00:00Z'), config, actor: ADMIN });
  });

  it('reads the trend afresh when the live MRR moves, and shows a change to past months alone after the minute', async () => {
    expect((await charts(NOW)).slice(-3)).toEqual(['0.00', '100.00', '100.00']);

    // a subscription imported from March: the MRR card moves, so the trend is read again at once
    await createSubscription(get().db, { customer_id: await customer('imported'), plan_code: 'basic', start_date: '2026-03-01' }, { now: later(1_000), config, actor: ADMIN });
    expect((await charts(later(2_000))).slice(-4)).toEqual(['100.00', '100.00', '200.00', '200.00']);

    // one that ran from February to the end of April (cancelled on April 10, so it ended May 1): past months only, the card is unchanged, so the
    // reused trend stands until the minute has passed
    const past = await createSubscription(get().db, { customer_id: await customer('gone'), plan_code: 'basic', start_date: '2026-02-01' }, { now: d('2026-02-01T00:00:00Z'), config, actor: ADMIN });
    await updateSubscription(get().db, past.id, { cancel_at_period_end: true }, { actor: ADMIN, now: d('2026-04-10T00:00:00Z') });
    await rollOverSubscriptions(get().db, [past.id], { actor: ADMIN, now: later(3_000) });
    expect((await charts(later(4_000))).slice(-5)).toEqual(['0.00', '100.00', '100.00', '200.00', '200.00']);
    expect((await charts(later(2_000 + MRR_TREND_REUSE_MS))).slice(-5)).toEqual(['100.00', '200.00', '200.00', '200.00', '200.00']);
  });
});
