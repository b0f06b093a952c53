// Demo data for a newcomer's first look: the default catalog, a dozen customers on every plan,
// about three months of daily usage with its rollups, and an invoice for every period that has
// ended, rated by the real pricing core and numbered as finalization numbers them. Deterministic
// for a given `now` (a seeded generator picks the usage), so screenshots and tests are stable.
import { sql } from 'drizzle-orm';
import { usageKey, rateCharges, type RatedChargeInput } from '@/lib/billing/rating';
import { invoiceTotals } from '@/lib/billing/totals';
import { periodAt, type PlanInterval } from '@/lib/billing/periods';
import { formatInvoiceNumber, invoiceNumberSeries } from '@/lib/billing/invoice-number';
import { taxTreatment } from '@/lib/billing/tax-treatment';
import { hashPassword } from '@/lib/auth/password';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import { dimensionKey } from '@/lib/usage/dimension-key';
import { numberingKey } from '@/lib/invoicing/invoice-numbering';
import type { BillingConfig } from '@/lib/config/billing-config';
import { upsertLocalUser } from '@/lib/auth/local-users';
import type { Db, Queryable } from '../client';
import * as t from '../schema';

export const DEMO_USERS = {
  admin: { email: 'admin@example.com', password: 'demo-admin' },
  customer: { email: 'customer@example.com', password: 'demo-customer' },
} as const;

const DAY_MS = 86_400_000;

type Gauge = { metric: string; dims?: Record<string, string>; value: (rand: () => number, dayInPeriod: number) => number };

type DemoCustomer = {
  key: string;
  name: string;
  email: string;
  country: string;
  currency: string;
  taxRate?: string;
  taxExempt?: boolean;
  taxId?: string;
  paymentMethod: 'card' | 'bank_transfer' | 'direct_debit';
  plan: string;
  /** days before today the subscription started */
  startedDaysAgo: number;
  usage: Gauge[];
  demoUser?: boolean;
  suspended?: boolean;
  trialing?: boolean;
  address: string[];
};

const constant = (n: number) => () => n;
const around = (mean: number, spread: number) => (rand: () => number) => Math.round(mean + (rand() * 2 - 1) * spread);

const CUSTOMERS: DemoCustomer[] = [
  {
    key: 'acme', name: 'Acme Corporation', email: 'billing@acme.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'lyceum', startedDaysAgo: 100, demoUser: true, address: ['500 Market Street', 'San Francisco, CA 94105', 'United States'],
    usage: [
      { metric: 'licenses', dims: { tier: 'professional' }, value: constant(5) },
      { metric: 'clusters', dims: { size: 'medium', type: 'production' }, value: constant(2) },
      { metric: 'extra_users', value: constant(3) },
      // storage creeps up to 105 GB during each period: 5 GB over the 100 GB included
      { metric: 'storage_gb', value: (_r, d) => 95 + Math.min(d, 10) },
    ],
  },
  {
    key: 'globex', name: 'Globex Ltd', email: 'accounts@globex.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'lyceum', startedDaysAgo: 97, address: ['12 Elm Road', 'Springfield, OR 97477', 'United States'],
    usage: [
      { metric: 'licenses', dims: { tier: 'basic' }, value: constant(2) },
      { metric: 'clusters', dims: { size: 'small', type: 'development' }, value: constant(1) },
      { metric: 'storage_gb', value: around(40, 10) },
    ],
  },
  {
    key: 'initech', name: 'Initech', email: 'finance@initech.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'lyceum', startedDaysAgo: 95, address: ['4120 Freidrich Lane', 'Austin, TX 78744', 'United States'],
    usage: [
      { metric: 'licenses', dims: { tier: 'enterprise' }, value: constant(10) },
      { metric: 'clusters', dims: { size: 'large', type: 'production' }, value: constant(3) },
      { metric: 'clusters', dims: { size: 'large', type: 'analytics' }, value: constant(2) },
      { metric: 'extra_users', value: constant(10) },
      { metric: 'storage_gb', value: around(80, 5) },
    ],
  },
  {
    key: 'techstartup', name: 'TechStartup Inc', email: 'billing@techstartup.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'api_growth', startedDaysAgo: 104, address: ['88 Harbor Way', 'Boston, MA 02110', 'United States'],
    usage: [{ metric: 'api_calls', value: around(500, 120) }],
  },
  {
    key: 'dataco', name: 'DataCo Analytics', email: 'ap@dataco.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'api_growth', startedDaysAgo: 93, address: ['1 Data Plaza', 'Denver, CO 80202', 'United States'],
    usage: [{ metric: 'api_calls', value: around(280, 60) }],
  },
  {
    key: 'umbrella', name: 'Umbrella Labs', email: 'billing@umbrella.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'professional', startedDaysAgo: 110, address: ['77 Raccoon Ave', 'Raccoon City, MO 63101', 'United States'],
    usage: [{ metric: 'ai_credits', value: around(19, 6) }],
  },
  {
    key: 'hooli', name: 'Hooli', email: 'ap@hooli.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'starter', startedDaysAgo: 120, suspended: true, address: ['1 Hooli Way', 'Palo Alto, CA 94301', 'United States'],
    usage: [{ metric: 'ai_credits', value: around(6, 3) }],
  },
  {
    key: 'stark', name: 'Stark Industries', email: 'invoices@stark.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'enterprise', startedDaysAgo: 101, address: ['10880 Malibu Point', 'Malibu, CA 90265', 'United States'],
    usage: [
      { metric: 'ai_credits', value: around(650, 150) },
      { metric: 'storage_gb', value: (_r, d) => 180 + d * 3 },
    ],
  },
  {
    key: 'vigint_nl', name: 'Acme Surveillance B.V.', email: 'facturen@acme-surveillance.example', country: 'NL', currency: 'eur',
    paymentMethod: 'bank_transfer', plan: 'vigint_weekly', startedDaysAgo: 98, address: ['Keizersgracht 100', '1015 CW Amsterdam', 'Netherlands'],
    usage: [
      { metric: 'rtsp_streams', value: around(143, 40) },
      { metric: 'api_calls', value: around(714, 150) },
    ],
  },
  {
    key: 'vigint_de', name: 'Müller Sicherheit GmbH', email: 'buchhaltung@mueller.example', country: 'DE', currency: 'eur', taxRate: '0.19',
    paymentMethod: 'direct_debit', plan: 'vigint_weekly', startedDaysAgo: 92, address: ['Friedrichstraße 12', '10117 Berlin', 'Germany'],
    usage: [
      { metric: 'rtsp_streams', value: around(60, 20) },
      { metric: 'api_calls', value: around(2100, 400) },
    ],
  },
  {
    key: 'nordic', name: 'Nordic Streams AB', email: 'faktura@nordicstreams.example', country: 'SE', currency: 'eur', taxExempt: true, taxId: 'SE556677889901',
    paymentMethod: 'bank_transfer', plan: 'vigint_volume', startedDaysAgo: 96, address: ['Sveavägen 20', '111 57 Stockholm', 'Sweden'],
    usage: [{ metric: 'api_calls', value: around(4200, 900) }],
  },
  {
    key: 'wayne', name: 'Wayne Enterprises', email: 'billing@wayne.example', country: 'US', currency: 'usd', taxRate: '0',
    paymentMethod: 'card', plan: 'starter', startedDaysAgo: 5, trialing: true, address: ['1007 Mountain Drive', 'Gotham, NJ 07001', 'United States'],
    usage: [{ metric: 'ai_credits', value: around(8, 4) }],
  },
];

/** mulberry32: a tiny deterministic generator, so the demo looks the same on every machine. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const dayString = (d: Date) => d.toISOString().slice(0, 10);

async function insertInChunks<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

export type SeedOptions = { now: Date; config: BillingConfig; onlyIfEmpty?: boolean; withDemoUsers?: boolean };

/** Returns false when it left an existing database alone (onlyIfEmpty and customers exist). */
export async function seedDemoData(db: Db, options: SeedOptions): Promise<boolean> {
  const withDemoUsers = options.withDemoUsers ?? true;
  return db.transaction(async (tx) => {
    // one seeder at a time: two processes starting on an empty database must not both seed it
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('meterbill.seed'))`);
    if (options.onlyIfEmpty) {
      const [existing] = await tx.select({ count: sql<number>`count(*)::int` }).from(t.customers);
      if ((existing?.count ?? 0) > 0) return false;
    }
    await seedInto(tx, options.now, options.config, withDemoUsers);
    return true;
  });
}

type PendingInvoice = {
  customer: DemoCustomer;
  customerId: string;
  subscriptionId: string;
  periodId: string;
  periodStart: Date;
  periodEnd: Date;
  usage: Record<string, string>;
  isLatest: boolean;
  isSecondLatest: boolean;
};

async function seedInto(tx: Queryable, now: Date, config: BillingConfig, withDemoUsers: boolean) {
  await ensureDefaultCatalog(tx);
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));

  const metricRows = await tx.select().from(t.billableMetrics);
  const metricByCode = new Map(metricRows.map((m) => [m.code, m]));
  const planRows = await tx.select().from(t.plans).where(sql`${t.plans.isCurrent}`);
  const planByCode = new Map(planRows.map((p) => [p.code, p]));
  const chargeRows = await tx.select().from(t.planCharges).orderBy(t.planCharges.position);
  const metricCodeById = new Map(metricRows.map((m) => [m.id, m.code]));

  const users = withDemoUsers
    ? {
        admin: await upsertLocalUser(tx, { ...DEMO_USERS.admin, passwordHash: await hashPassword(DEMO_USERS.admin.password), appMetadata: { role: 'admin' } }),
        customer: await upsertLocalUser(tx, { ...DEMO_USERS.customer, passwordHash: await hashPassword(DEMO_USERS.customer.password), appMetadata: {} }),
      }
    : null;

  const events: (typeof t.usageEvents.$inferInsert)[] = [];
  const rollups: (typeof t.usageRollups.$inferInsert)[] = [];
  const pending: PendingInvoice[] = [];

  for (const [customerIndex, demo] of CUSTOMERS.entries()) {
    const plan = planByCode.get(demo.plan)!;
    const [customer] = await tx
      .insert(t.customers)
      .values({
        userId: demo.demoUser && users ? users.customer : null,
        externalId: `demo_${demo.key}`,
        name: demo.name,
        email: demo.email,
        currency: demo.currency,
        country: demo.country,
        addressLines: demo.address,
        taxRate: demo.taxRate ?? null,
        taxExempt: demo.taxExempt ?? false,
        taxId: demo.taxId ?? null,
        paymentMethod: demo.paymentMethod,
        autoPay: demo.paymentMethod !== 'bank_transfer',
        bankIban: demo.paymentMethod === 'direct_debit' ? 'DE89370400440532013000' : null,
        bankBic: demo.paymentMethod === 'direct_debit' ? 'COBADEFFXXX' : null,
        status: demo.suspended ? 'suspended' : 'active',
        suspendedAt: demo.suspended ? new Date(today.getTime() - 2 * DAY_MS) : null,
        createdAt: new Date(today.getTime() - demo.startedDaysAgo * DAY_MS),
      })
      .returning({ id: t.customers.id });
    const customerId = customer!.id;

    if (demo.paymentMethod === 'card') {
      await tx.insert(t.paymentMethods).values({
        customerId,
        stripePaymentMethodId: `pm_demo_${demo.key}`,
        type: 'card',
        brand: customerIndex % 3 === 0 ? 'mastercard' : 'visa',
        last4: customerIndex % 3 === 0 ? '4444' : '4242',
        expMonth: ((customerIndex * 5) % 12) + 1,
        expYear: now.getUTCFullYear() + 2,
        isDefault: true,
      });
    } else if (demo.paymentMethod === 'direct_debit') {
      await tx.insert(t.paymentMethods).values({ customerId, stripePaymentMethodId: `pm_demo_${demo.key}`, type: 'sepa_debit', last4: '3000', isDefault: true });
    }

    const anchor = new Date(today.getTime() - demo.startedDaysAgo * DAY_MS);
    const trialEnd = demo.trialing ? new Date(anchor.getTime() + plan.trialDays * DAY_MS) : null;
    // all periods from the anchor up to and including the one containing now
    const periods: { start: Date; end: Date }[] = [];
    if (trialEnd) {
      periods.push({ start: anchor, end: trialEnd });
    } else {
      for (let i = 0; ; i++) {
        const p = periodAt(anchor, plan.interval as PlanInterval, plan.intervalCount, i);
        periods.push(p);
        if (p.end > now) break;
      }
    }
    const current = periods.at(-1)!;
    const [subscription] = await tx
      .insert(t.subscriptions)
      .values({
        customerId,
        planId: plan.id,
        status: demo.trialing ? 'trialing' : demo.suspended ? 'past_due' : 'active',
        startDate: anchor,
        trialEnd,
        currentPeriodStart: current.start,
        currentPeriodEnd: current.end,
        createdAt: anchor,
      })
      .returning({ id: t.subscriptions.id });

    // daily usage: one event per metric and dimension per day, and the rollup that event makes
    const rand = generator(customerIndex + 1);
    const usageByPeriod = periods.map(() => new Map<string, { sum: number; max: number; latest: number }>());
    for (let day = new Date(anchor); day < now; day = new Date(day.getTime() + DAY_MS)) {
      const periodIndex = periods.findIndex((p) => day >= p.start && day < p.end);
      const dayInPeriod = Math.floor((day.getTime() - periods[periodIndex]!.start.getTime()) / DAY_MS);
      for (const gauge of demo.usage) {
        const metric = metricByCode.get(gauge.metric)!;
        const quantity = Math.max(0, gauge.value(rand, dayInPeriod));
        const occurredAt = new Date(Math.min(day.getTime() + 12 * 3_600_000, now.getTime() - 60_000));
        const dimension = dimensionKey(metric.dimensions, gauge.dims ?? {});
        events.push({
          customerId,
          metricId: metric.id,
          eventId: `demo-${demo.key}-${gauge.metric}-${dimension}-${dayString(day)}`,
          quantity: String(quantity),
          occurredAt,
          properties: gauge.dims ?? {},
          dimension,
        });
        rollups.push({
          customerId,
          metricId: metric.id,
          day: dayString(day),
          dimension,
          quantitySum: String(quantity),
          eventCount: 1,
          quantityMax: String(quantity),
          latestQuantity: String(quantity),
          latestAt: occurredAt,
        });
        const key = usageKey(gauge.metric, gauge.dims);
        const acc = usageByPeriod[periodIndex]!.get(key) ?? { sum: 0, max: 0, latest: 0 };
        usageByPeriod[periodIndex]!.set(key, { sum: acc.sum + quantity, max: Math.max(acc.max, quantity), latest: quantity });
      }
    }

    const closed = periods.filter((p) => p.end <= now);
    for (const [index, period] of periods.entries()) {
      const isClosed = period.end <= now;
      const [periodRow] = await tx
        .insert(t.billingPeriods)
        .values({
          subscriptionId: subscription!.id,
          customerId,
          planId: plan.id,
          periodStart: period.start,
          periodEnd: period.end,
          status: isClosed ? 'invoiced' : 'open',
          isTrial: Boolean(trialEnd),
          closedAt: isClosed ? period.end : null,
        })
        .returning({ id: t.billingPeriods.id });
      if (!isClosed) continue;
      const usage: Record<string, string> = {};
      for (const [key, acc] of usageByPeriod[index]!) {
        const metric = metricByCode.get(key.split('{')[0]!)!;
        usage[key] = String(metric.aggregation === 'sum' ? acc.sum : metric.aggregation === 'max' ? acc.max : acc.latest);
      }
      pending.push({
        customer: demo,
        customerId,
        subscriptionId: subscription!.id,
        periodId: periodRow!.id,
        periodStart: period.start,
        periodEnd: period.end,
        usage,
        isLatest: index === closed.length - 1,
        isSecondLatest: index === closed.length - 2,
      });
    }
  }

  await insertInChunks(events, 1000, (chunk) => tx.insert(t.usageEvents).values(chunk));
  await insertInChunks(rollups, 1000, (chunk) => tx.insert(t.usageRollups).values(chunk));

  // Invoices in the order they were issued, so numbers run in time order within each year.
  pending.sort((a, b) => a.periodEnd.getTime() - b.periodEnd.getTime());
  const series = invoiceNumberSeries(config.invoiceNumberFormat);
  const lastNumberByYear = new Map<number, number>();
  for (const item of pending) {
    const plan = planRows.find((p) => p.id === planByCode.get(item.customer.plan)!.id)!;
    const charges: RatedChargeInput[] = chargeRows
      .filter((c) => c.planId === plan.id)
      .map((c) => ({
        id: c.id,
        metric_code: c.metricId ? metricCodeById.get(c.metricId)! : null,
        model: c.model,
        amount: c.amount,
        unit_price: c.unitPrice,
        package_size: c.packageSize,
        included_units: c.includedUnits,
        tiers: c.tiers,
        filters: c.filters,
        description: c.description ?? metricCodeById.get(c.metricId ?? '') ?? 'Charge',
      }));
    const rated = rateCharges(charges, item.usage, plan.currency);
    // a line nobody used is noise on a demo invoice; real invoices keep them (see the invoicing issue)
    const lines = rated.lines.filter((line) => line.metric === null || Number(line.quantity) > 0);
    const demo = item.customer;
    const tax = taxTreatment({ taxExempt: demo.taxExempt ?? false, taxId: demo.taxId ?? null, taxRate: demo.taxRate ?? null }, config.defaultTaxRate);
    const totals = invoiceTotals({ line_amounts: lines.map((l) => l.amount), currency: plan.currency, tax_rate: tax.rate, treatment: tax.treatment });

    const issuedAt = item.periodEnd;
    // counted as finalization counts them (lib/invoicing/invoice-numbering), so the app continues the sequence
    const { year: sequenceYear, printedYear: year } = numberingKey(config.invoiceNumberFormat, issuedAt);
    const sequence = (lastNumberByYear.get(sequenceYear) ?? 0) + 1;
    lastNumberByYear.set(sequenceYear, sequence);
    const dueDate = new Date(issuedAt.getTime() + config.paymentTermsDays * DAY_MS);

    // older invoices are paid; the newest is open; Hooli has not paid for two periods and is suspended
    const unpaid = item.isLatest || (demo.suspended && item.isSecondLatest);
    const paidAt = unpaid ? null : new Date(issuedAt.getTime() + 2 * DAY_MS);
    const [invoice] = await tx
      .insert(t.invoices)
      .values({
        number: formatInvoiceNumber(config.invoiceNumberFormat, { year, number: sequence }),
        numberSeries: series,
        numberYear: sequenceYear,
        numberSequence: sequence,
        customerId: item.customerId,
        subscriptionId: item.subscriptionId,
        billingPeriodId: item.periodId,
        billingTiming: 'arrears',
        kind: 'subscription',
        status: unpaid ? 'open' : 'paid',
        currency: plan.currency,
        periodStart: item.periodStart,
        periodEnd: item.periodEnd,
        issuedAt,
        dueDate,
        subtotal: totals.subtotal,
        taxRate: totals.tax_rate,
        taxExempt: tax.treatment === 'exempt',
        reverseCharge: tax.treatment === 'reverse_charge',
        tax: totals.tax,
        total: totals.total,
        amountPaid: unpaid ? '0' : totals.total,
        amountDue: unpaid ? totals.amount_due : '0',
        seller: config.seller,
        buyer: { name: demo.name, email: demo.email, address_lines: demo.address, country: demo.country, tax_id: demo.taxId ?? null },
        paymentReference: paidAt && demo.paymentMethod === 'bank_transfer' ? `TRF-${year}-${sequence}` : null,
        paidAt,
        overdueAt: unpaid && dueDate < now ? dueDate : null,
        createdAt: issuedAt,
        updatedAt: paidAt ?? issuedAt,
      })
      .returning({ id: t.invoices.id });
    await tx.insert(t.invoiceLines).values(
      lines.map((line, position) => ({
        invoiceId: invoice!.id,
        position,
        kind: 'charge' as const,
        description: line.description,
        metricId: line.metric ? metricByCode.get(line.metric)!.id : null,
        metricCode: line.metric,
        chargeId: line.charge_id ?? null,
        quantity: line.quantity,
        unitPrice: line.unit_price,
        amount: line.amount,
        periodStart: item.periodStart,
        periodEnd: item.periodEnd,
        details: line.details ?? {},
      })),
    );
    await tx.insert(t.usageSnapshots).values({
      customerId: item.customerId,
      subscriptionId: item.subscriptionId,
      billingPeriodId: item.periodId,
      kind: 'billing',
      periodStart: item.periodStart,
      periodEnd: item.periodEnd,
      capturedAt: issuedAt,
      usage: item.usage,
    });
    if (paidAt) {
      await tx.insert(t.payments).values({
        invoiceId: invoice!.id,
        customerId: item.customerId,
        attemptNumber: 1,
        amount: totals.total,
        currency: plan.currency,
        method: demo.paymentMethod === 'card' ? 'card' : demo.paymentMethod === 'direct_debit' ? 'sepa_debit' : 'bank_transfer',
        status: 'succeeded',
        reference: demo.paymentMethod === 'bank_transfer' ? `TRF-${year}-${sequence}` : null,
        createdAt: paidAt,
        updatedAt: paidAt,
      });
    }
  }
  for (const [year, lastNumber] of lastNumberByYear) {
    await tx.insert(t.invoiceNumberSequences).values({ series, year, lastNumber });
  }

  await tx.insert(t.billingAutomationLog).values({
    trigger: 'seed',
    status: 'completed',
    startedAt: now,
    finishedAt: now,
    processed: pending.length,
    invoiced: pending.length,
    durationMs: 0,
  });
  await tx.insert(t.auditLog).values({
    actorType: 'system',
    action: 'demo_data.seeded',
    entityType: 'database',
    details: { customers: CUSTOMERS.length, invoices: pending.length, usage_events: events.length },
  });
}
