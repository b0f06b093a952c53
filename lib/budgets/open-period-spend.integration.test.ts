// The spend budgets are measured by is the usage page's estimate: over the whole demo (plans with
// tiers, packages, filtered and unique_count charges, trials, customers without a subscription), the
// batch reader and getUsageSummary agree customer by customer, today and after the period rolls over.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { billingConfig } from '@/lib/config/billing-config';
import { selectRows } from '@/lib/db/client';
import { seedDemoData } from '@/lib/demo/seed-demo-data';
import { parseEnv } from '@/lib/env';
import { getUsageSummary } from '@/lib/usage/usage-summary';
import { describeEachEngine } from '@/test/test-database';
import { openPeriodSpends } from './open-period-spend';

const config = billingConfig(parseEnv({}));
const NOW = new Date('2026-11-22T10:00:00Z');

describeEachEngine('open-period spend', (get) => {
  let customerIds: string[] = [];

  beforeAll(async () => {
    await seedDemoData(get(), { now: NOW, config });
    customerIds = (await selectRows<{ id: string }>(get().db, sql`select id from customers order by id`)).map((r) => r.id);
  });

  for (const [label, at] of [['now', NOW], ['in a later period nobody has billed yet', new Date('2027-01-09T12:00:00Z')]] as const) {
    it(`is each demo customer's estimated invoice subtotal ${label}`, async () => {
      expect(customerIds.length).toBeGreaterThan(5);
      const spends = await openPeriodSpends(get().db, customerIds, at);
      expect(spends.size).toBe(customerIds.length);
      let nonZero = 0;
      for (const customerId of customerIds) {
        const { estimate } = await getUsageSummary(get().db, { customerId, now: at, includeEstimate: true, defaultTaxRate: config.defaultTaxRate });
        expect(spends.get(customerId)).toEqual({ customerId, currency: estimate!.currency, periodStart: new Date(estimate!.period_start), periodEnd: new Date(estimate!.period_end), spend: estimate!.subtotal });
        if (estimate!.subtotal !== '0.00') nonZero += 1;
      }
      expect(nonZero).toBeGreaterThan(0);
    });
  }
});
