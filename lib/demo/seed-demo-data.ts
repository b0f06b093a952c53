// The demo a newcomer first sees, made by the product itself. The default catalog and a dozen customers
// subscribed in the past (demo-customers.ts); then their last three months are played back in time
// order: each day's usage reported through ingestion, every period billed by the billing run at the
// instant it ends, payments recorded two days after issue (the newest invoice of each customer stays
// open), and dunning as it runs every night at midnight UTC. Numbering, tax, lines, snapshots, overdue
// marks and the suspension are therefore the product's own, and the demo cannot drift from real
// invoicing. Deterministic for a given `now`: a seeded generator picks the usage, and no two customers'
// periods end at the same instant, so invoices are numbered in the same order every time.
//
// The same playback then makes a second workspace, Vigint (vigint-demo.ts), in its own scope with its
// own settings, catalog and numbering, so a newcomer sees the workspace switcher and the isolation. The
// demo admin is an admin of the installation, so they work in both.
import { sql } from 'drizzle-orm';
import { ensureDefaultAlertRules } from '@/lib/alerts/ensure-default-alert-rules';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { hashPassword } from '@/lib/auth/password';
import { addInterval, periodContaining, type PlanInterval } from '@/lib/billing/periods';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { ensureDefaultCatalog } from '@/lib/catalog/ensure-default-catalog';
import type { BillingConfig } from '@/lib/config/billing-config';
import { createCustomer } from '@/lib/customers/create-customer';
import { selectRows, type Database, type Queryable } from '@/lib/db/client';
import { customers, paymentMethods, plans, workspaces } from '@/lib/db/schema';
import { suspensionAt } from '@/lib/dunning/dunning-policy';
import { BillingError } from '@/lib/errors/billing-error';
import { runDunning } from '@/lib/dunning/run-dunning';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { runBilling } from '@/lib/invoicing/run-billing';
import { sendDueEmails } from '@/lib/notifications/send-due-emails';
import { recordPayment } from '@/lib/payments/record-payment';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { DAY_MS, startOfUtcDay, utcDay } from '@/lib/time/utc-day';
import { MAX_EVENTS_PER_BATCH, type UsageEventInput } from '@/lib/usage/usage-event-schema';
import { addMember } from '@/lib/workspaces/add-member';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { findWorkspace } from '@/lib/workspaces/find-workspace';
import { workspaceConfig, type Workspace } from '@/lib/workspaces/workspace-config';
import { DEMO_CUSTOMERS, type DemoCustomer } from './demo-customers';
import { DEMO_USERS } from './demo-users';
import { VIGINT_CUSTOMERS, VIGINT_METRICS, VIGINT_NAME, VIGINT_PLANS, VIGINT_SETTINGS, VIGINT_SLUG } from './vigint-demo';

const HOUR_MS = 3_600_000;
/** how long after issue a paying demo customer's money arrives */
const PAYS_AFTER_MS = 2 * DAY_MS;
const SEED_ACTOR: Actor = { type: 'system', id: null };

export type SeedOptions = { now: Date; config: BillingConfig; onlyIfEmpty?: boolean; withDemoUsers?: boolean };

/** One workspace's demo: who its customers are, the catalog they are on, and its own random sequence. */
type WorkspaceDemo = {
  customers: DemoCustomer[];
  installCatalog: (tx: Queryable) => Promise<unknown>;
  /** added to each customer's index to seed its usage generator, so two workspaces' usage differs */
  seedOffset: number;
};

const DEFAULT_DEMO: WorkspaceDemo = { customers: DEMO_CUSTOMERS, installCatalog: ensureDefaultCatalog, seedOffset: 0 };
const VIGINT_DEMO: WorkspaceDemo = {
  customers: VIGINT_CUSTOMERS,
  installCatalog: async (tx) => {
    for (const metric of VIGINT_METRICS) await createMetric(tx, metric);
    for (const plan of VIGINT_PLANS) await createPlan(tx, plan);
  },
  seedOffset: 100,
};

type Member = { demo: DemoCustomer; index: number; customerId: string; start: Date; interval: PlanInterval; intervalCount: number; seed: number };
type PaymentDue = { at: number; invoiceId: string; number: string; demo: DemoCustomer };

/** The first nightly dunning run strictly after `ms` (dunning acts on what is past, not what is due now). */
const nightAfter = (ms: number) => startOfUtcDay(ms).getTime() + DAY_MS;

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

/**
 * Returns false when it left an existing database alone (onlyIfEmpty and customers exist in any
 * workspace). The default workspace's customers are created first under a lock, so of two seeders
 * starting on an empty database the second finds them and stops; the history is then written by the
 * product's own transactions, and then the Vigint workspace's the same way.
 */
export async function seedDemoData(database: Database, options: SeedOptions): Promise<boolean> {
  const onlyIfEmpty = options.onlyIfEmpty ?? false;
  // an installation with customers anywhere is someone's data: the demo goes only into an empty one
  if (onlyIfEmpty && (await hasCustomers(database.installation.db))) return false;
  // users live above workspaces (auth.users); upserting them again on a later seed changes nothing
  const customerUserId = options.withDemoUsers ?? true ? await createDemoUsers(database.installation.db) : null;
  if (!(await seedWorkspaceDemo(database, DEFAULT_DEMO, { ...options, onlyIfEmpty, customerUserId }))) return false;
  await addDemoBankDetails(database, options.config);
  if (customerUserId) await addDemoViewer(database);

  const vigint = await vigintWorkspace(database, options.now);
  // Vigint's settings are its own; retries and suspension are the installation's policy, as the seed was given it
  const vigintConfig = { ...workspaceConfig(vigint), dunning: options.config.dunning };
  await seedWorkspaceDemo(database.inWorkspace(vigint.id), VIGINT_DEMO, { now: options.now, config: vigintConfig, onlyIfEmpty, customerUserId: null });
  return true;
}

/**
 * The demo's customers pay by bank transfer into this account (a valid Belgian IBAN, the demo seller
 * being in Brussels), so the invoice page shows real instructions. Only when the installation names
 * no account of its own (COMPANY_IBAN) and the workspace has none yet: an operator's details win.
 */
export const DEMO_BANK_DETAILS = { bankIban: 'BE71096123456769', bankBic: 'GKCCBEBB' } as const;

async function addDemoBankDetails(database: Database, config: BillingConfig) {
  if (config.bank.iban) return;
  await database.db
    .update(workspaces)
    .set(DEMO_BANK_DETAILS)
    .where(sql`${workspaces.id} = ${database.workspaceId} and ${workspaces.bankIban} is null`);
}

async function hasCustomers(installation: Queryable): Promise<boolean> {
  const [row] = await selectRows<{ present: boolean }>(installation, sql`select exists (select 1 from customers) as present`);
  return Boolean(row?.present);
}

/** The Vigint workspace with its settings; one made earlier under that slug is used as it is. */
async function vigintWorkspace(database: Database, now: Date): Promise<Workspace> {
  const existing = await findWorkspace(database.installation.db, VIGINT_SLUG);
  if (existing) return existing;
  const created = await createWorkspace(database, { slug: VIGINT_SLUG, name: VIGINT_NAME }, { actor: SEED_ACTOR, ownerUserId: null, now });
  // a workspace edits its own settings row from inside its scope, as its settings page does
  const [withSettings] = await database.inWorkspace(created.id).db.update(workspaces).set(VIGINT_SETTINGS).where(sql`${workspaces.id} = ${created.id}`).returning();
  return withSettings!;
}

/** Plays one workspace's demo back in time order; false when the workspace had customers (onlyIfEmpty). */
async function seedWorkspaceDemo(
  database: Database,
  workspaceDemo: WorkspaceDemo,
  options: { now: Date; config: BillingConfig; onlyIfEmpty: boolean; customerUserId: string | null },
): Promise<boolean> {
  const { now, config } = options;
  const members = await createMembers(database, workspaceDemo, now, config, options.onlyIfEmpty, options.customerUserId);
  if (!members) return false;

  const events = dailyUsage(members, now);
  let ingested = 0;
  /** Reports every event before `before`, as the operator's backend would have by then. */
  const reportUsage = async (before: number, at: Date) => {
    const batch: UsageEventInput[] = [];
    while (ingested < events.length && Date.parse(events[ingested]!.timestamp!) < before) batch.push(events[ingested++]!);
    for (let i = 0; i < batch.length; i += MAX_EVENTS_PER_BATCH) {
      await ingestUsageEvents(database, batch.slice(i, i + MAX_EVENTS_PER_BATCH), { now: at });
    }
  };

  const byCustomer = new Map(members.map((m) => [m.customerId, m]));
  const paymentsDue: PaymentDue[] = [];
  const dunningNights = new Set<number>();
  let runs = 0;
  let periodEnd = await nextPeriodEnd(database.db, now);
  for (;;) {
    const bill = periodEnd ?? Infinity;
    const pay = paymentsDue[0]?.at ?? Infinity;
    const night = dunningNights.size ? Math.min(...dunningNights) : Infinity;
    const at = Math.min(bill, pay, night);
    if (at === Infinity) break;

    if (at === bill) {
      // the period's usage is all in before it is billed: later events for it would be refused
      await reportUsage(at, new Date(at));
      const run = await runBilling(database, { now: new Date(at), config, actor: SEED_ACTOR, trigger: 'seed' });
      if (run.failed > 0) throw new Error(`the demo's billing run at ${new Date(at).toISOString()} failed: ${run.errors.map((e) => e.message).join('; ')}`);
      runs += 1;
      const collection = await collectionOf(database.db, run.invoice_ids, byCustomer, now, config);
      paymentsDue.push(...collection.payments);
      paymentsDue.sort((a, b) => a.at - b.at);
      for (const n of collection.dunningNights) dunningNights.add(n);
      periodEnd = await nextPeriodEnd(database.db, now);
    } else if (at === pay) {
      await collectPayment(database, paymentsDue.shift()!, config);
    } else {
      await runDunning(database.db, null, { now: new Date(at), config, actor: SEED_ACTOR });
      dunningNights.delete(at);
    }
  }
  await reportUsage(now.getTime() + 1, now);
  await renderDemoEmails(database, config, now);
  // after the playback, as POST /api/billing/setup would install them on a workspace in use
  await ensureDefaultAlertRules(database.db, { currency: config.defaultCurrency, actor: SEED_ACTOR, at: now });

  await writeAuditEntries(database.db, SEED_ACTOR, [
    { action: 'demo_data.seeded', entityType: 'database', entityId: null, details: { customers: members.length, usage_events: events.length, billing_runs: runs }, at: now },
  ]);
  return true;
}

/**
 * The history above queued the emails it would have sent (invoices, receipts, reminders): they are
 * rendered and kept, never sent (the demo's customers have example addresses, and a real Resend key
 * must not mail them), so a newcomer reads them at /admin/emails.
 */
async function renderDemoEmails(database: Database, config: BillingConfig, now: Date) {
  const workspace = await findWorkspace(database.installation.db, database.workspaceId);
  if (!workspace) throw new Error('the demo’s workspace is missing');
  await sendDueEmails(database.db, { now, workspace, config, resend: null, from: null });
}

/** The catalog, and each customer with their card on file and their subscription. */
async function createMembers(database: Database, workspaceDemo: WorkspaceDemo, now: Date, config: BillingConfig, onlyIfEmpty: boolean, customerUserId: string | null): Promise<Member[] | null> {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('meterbill.seed'))`);
    if (onlyIfEmpty) {
      const [existing] = await tx.select({ count: sql<number>`count(*)::int` }).from(customers);
      if ((existing?.count ?? 0) > 0) return null;
    }
    await workspaceDemo.installCatalog(tx);
    const planRows = await tx.select().from(plans).where(sql`${plans.isCurrent}`);
    const planByCode = new Map(planRows.map((p) => [p.code, p]));
    const today = startOfUtcDay(now).getTime();

    const members: Member[] = [];
    for (const [index, demo] of workspaceDemo.customers.entries()) {
      const plan = planByCode.get(demo.plan);
      if (!plan) throw new Error(`the demo customer ${demo.key} is on ${demo.plan}, which the workspace's catalog does not have`);
      // customers signed up at different hours, so no two periods end at the same instant
      const cycleStart = new Date(today - demo.started.days * DAY_MS + index * HOUR_MS);
      const start = addInterval(cycleStart, plan.interval, plan.intervalCount, -demo.started.cycles);
      const customer = await createCustomer(
        tx,
        {
          external_id: `demo_${demo.key}`,
          name: demo.name,
          email: demo.email,
          currency: demo.currency,
          country: demo.country,
          address_lines: demo.address,
          tax_rate: demo.taxRate ?? null,
          tax_exempt: demo.taxExempt ?? false,
          tax_id: demo.taxId ?? null,
          payment_method: demo.paymentMethod,
        },
        { actor: SEED_ACTOR, now: start, defaultCurrency: demo.currency },
      );
      if (demo.demoUser && customerUserId) await tx.update(customers).set({ userId: customerUserId }).where(sql`${customers.id} = ${customer.id}`);
      await addPaymentMethod(tx, demo, index, customer.id, start, now);
      await createSubscription(
        tx,
        { customer_id: customer.id, plan_code: demo.plan, start_date: start.toISOString(), ...(demo.trial ? {} : { trial_days: 0 }) },
        { actor: SEED_ACTOR, now: start, config },
      );
      members.push({ demo, index, customerId: customer.id, start, interval: plan.interval, intervalCount: plan.intervalCount, seed: workspaceDemo.seedOffset + index + 1 });
    }
    return members;
  });
}

async function createDemoUsers(tx: Queryable): Promise<string> {
  const [adminHash, customerHash, viewerHash] = await Promise.all([DEMO_USERS.admin, DEMO_USERS.customer, DEMO_USERS.viewer].map((u) => hashPassword(u.password)));
  await upsertLocalUser(tx, { email: DEMO_USERS.admin.email, passwordHash: adminHash!, appMetadata: { role: 'admin' } });
  await upsertLocalUser(tx, { email: DEMO_USERS.viewer.email, passwordHash: viewerHash!, appMetadata: {} });
  return upsertLocalUser(tx, { email: DEMO_USERS.customer.email, passwordHash: customerHash!, appMetadata: {} });
}

/**
 * The demo viewer works in the default workspace as a viewer, through the same function as the
 * members API; a database seeded before already has them, which is fine.
 */
async function addDemoViewer(database: Database) {
  try {
    await addMember(database, { email: DEMO_USERS.viewer.email, role: 'viewer' }, { actor: SEED_ACTOR });
  } catch (error) {
    if (!(error instanceof BillingError && error.code === 'member_exists')) throw error;
  }
}

/**
 * Cards and SEPA mandates come from Stripe (payment_method.attached); the demo runs without Stripe, so
 * it writes the row that event would. A card expires two years after `now`, never before it.
 */
async function addPaymentMethod(tx: Queryable, demo: DemoCustomer, index: number, customerId: string, since: Date, now: Date) {
  if (demo.paymentMethod === 'bank_transfer') return;
  const card = demo.paymentMethod === 'card';
  await tx.insert(paymentMethods).values({
    customerId,
    stripePaymentMethodId: `pm_demo_${demo.key}`,
    type: card ? 'card' : 'sepa_debit',
    brand: card ? (index % 3 === 0 ? 'mastercard' : 'visa') : null,
    last4: card ? (index % 3 === 0 ? '4444' : '4242') : '3000',
    expMonth: card ? ((index * 5) % 12) + 1 : null,
    expYear: card ? now.getUTCFullYear() + 2 : null,
    isDefault: true,
    createdAt: since,
  });
}

/**
 * One event per metric (and set of properties) per day at noon UTC from each subscription's start;
 * today's, if noon is still ahead, halfway between midnight and `now`. In time order.
 */
function dailyUsage(members: Member[], now: Date): UsageEventInput[] {
  const today = startOfUtcDay(now).getTime();
  const events: UsageEventInput[] = [];
  for (const member of members) {
    const random = generator(member.seed);
    for (let day = startOfUtcDay(member.start).getTime(); day <= today; day += DAY_MS) {
      const at = Math.min(day + 12 * HOUR_MS, day === today ? day + Math.floor((now.getTime() - day) / 2) : Infinity);
      if (at < member.start.getTime()) continue;
      const cycle = periodContaining(member.start, member.interval, member.intervalCount, new Date(at));
      const dayInCycle = Math.floor((at - cycle.start.getTime()) / DAY_MS);
      const date = utcDay(day);
      for (const usage of member.demo.usage) {
        const quantity = Math.max(0, usage.value(random, dayInCycle));
        events.push({
          id: ['demo', member.demo.key, usage.metric, ...Object.values(usage.properties ?? {}), date].join('-'),
          external_customer_id: `demo_${member.demo.key}`,
          metric: usage.metric,
          quantity: String(quantity),
          timestamp: new Date(at).toISOString(),
          ...(usage.properties ? { properties: usage.properties } : {}),
        });
      }
    }
  }
  return events.sort((a, b) => Date.parse(a.timestamp!) - Date.parse(b.timestamp!));
}

/** When the next open period ends, if that is no later than `now`. */
async function nextPeriodEnd(db: Queryable, now: Date): Promise<number | null> {
  const [row] = await selectRows<{ end: Date | null }>(
    db,
    sql`select min(period_end) as end from billing_periods where status = 'open' and period_end <= ${now.toISOString()}::timestamptz`,
  );
  return row?.end ? new Date(row.end).getTime() : null;
}

/**
 * What happens to the run's invoices: each is paid two days after issue, except a customer's newest (its
 * subscription's next period has not ended by `now`) and what a customer issued after they stopped
 * paying; invoices of $0.00 are paid on issue already. Dunning runs every night at 00:00 UTC; the nights
 * it has something to do are those after an invoice still unpaid falls due, and after its grace period
 * ends (dunning-policy.ts), so only those are run: the others would change nothing.
 */
async function collectionOf(db: Queryable, invoiceIds: string[], members: Map<string, Member>, now: Date, config: BillingConfig) {
  const payments: PaymentDue[] = [];
  const dunningNights: number[] = [];
  if (invoiceIds.length === 0) return { payments, dunningNights };
  const rows = await selectRows<{ id: string; number: string; customer_id: string; status: string; issued_at: Date; due_date: Date; next_period_end: Date }>(
    db,
    sql`select i.id, i.number, i.customer_id, i.status, i.issued_at, i.due_date, s.current_period_end as next_period_end
          from invoices i join subscriptions s on s.id = i.subscription_id
         where i.id = any(${`{${invoiceIds.join(',')}}`}::uuid[])`,
  );
  for (const row of rows) {
    if (row.status !== 'open') continue;
    const demo = members.get(row.customer_id)!.demo;
    const issuedAt = new Date(row.issued_at).getTime();
    const newest = new Date(row.next_period_end).getTime() > now.getTime();
    const stopped = demo.stoppedPayingDaysAgo !== undefined && issuedAt > now.getTime() - demo.stoppedPayingDaysAgo * DAY_MS;
    const paidAt = newest || stopped ? Infinity : issuedAt + PAYS_AFTER_MS;
    if (paidAt !== Infinity) payments.push({ at: paidAt, invoiceId: row.id, number: row.number, demo });
    const due = new Date(row.due_date);
    for (const night of [nightAfter(due.getTime()), nightAfter(suspensionAt(config.dunning, due).getTime())]) {
      // a payment at the same instant comes first, as the money arrives before the night's run
      if (night <= now.getTime() && night < paidAt) dunningNights.push(night);
    }
  }
  return { payments, dunningNights };
}

/** A bank transfer is matched by an admin against the invoice number, its reference; cards and debits are collected. */
async function collectPayment(database: Database, due: PaymentDue, config: BillingConfig) {
  const ctx = { now: new Date(due.at), config, actor: SEED_ACTOR };
  if (due.demo.paymentMethod === 'bank_transfer') {
    await changeInvoiceStatus(database.db, due.invoiceId, { status: 'paid', payment_reference: due.number }, ctx);
  } else {
    await recordPayment(database.db, due.invoiceId, { method: due.demo.paymentMethod === 'card' ? 'card' : 'sepa_debit' }, ctx);
  }
}
