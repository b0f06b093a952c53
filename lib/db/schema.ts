// The whole product's tables. Migrations in supabase/migrations are generated from this file
// (npm run db:generate), so it is the one place to read what is stored and which writes must
// happen once (every unique constraint says so).
//
// Conventions: money and quantities are `numeric` (exact; read back as strings and handled with
// decimal.js), times are timestamptz in UTC, ids are uuid strings. Row Level Security is on for every
// table; customers may read their own rows through auth.uid(), and only the privileged connection
// writes (admin, cron, webhook and CLI work).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgPolicy,
  pgRole,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { authenticatedRole, authUsers } from 'drizzle-orm/supabase';

/**
 * A price tier as plan_charges.tiers stores it: the pricing core's PriceTier (lib/billing/charges.ts),
 * spelled out here so the data layer imports no domain. Keep the two the same.
 */
export type StoredPriceTier = { up_to: string | null; unit_price: string; flat_amount?: string };

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => numeric(name, { precision: 24, scale: 6 });
const quantity = (name: string) => numeric(name);

/** A customer may read rows whose customer_id is one of theirs. */
const ownCustomerRows = sql`customer_id in (select c.id from public.customers c where c.user_id = (select auth.uid()))`;
const customerReadsOwn = (table: string) =>
  pgPolicy(`${table}_customer_read_own`, { for: 'select', to: authenticatedRole, using: ownCustomerRows });
/** The catalog (metrics, plans, charges) of the workspace the signed-in customer belongs to. */
const customerReadsCatalog = (table: string) =>
  pgPolicy(`${table}_authenticated_read`, {
    for: 'select',
    to: authenticatedRole,
    using: sql`workspace_id in (select c.workspace_id from public.customers c where c.user_id = (select auth.uid()))`,
  });

/**
 * Everything the privileged connection does for a business runs as role workspace_scoped with the
 * workspace in the transaction-local setting app.workspace_id (lib/db/client.ts). The role
 * cannot bypass RLS and this policy is its only way in, so a query that forgets its WHERE still sees
 * one workspace. Rows get their workspace_id from the same setting, so inserts need not name it.
 */
export const workspaceScopedRole = pgRole('workspace_scoped').existing();
const inCurrentWorkspace = sql`workspace_id = (select public.current_workspace_id())`;
const workspaceScoped = (table: string) =>
  pgPolicy(`${table}_workspace_scope`, { for: 'all', to: workspaceScopedRole, using: inCurrentWorkspace, withCheck: inCurrentWorkspace });
const workspaceIdColumn = () => uuid('workspace_id').notNull().default(sql`public.current_workspace_id()`);

/** The workspace every installation starts with; the migration moved all earlier data into it. */
export const DEFAULT_WORKSPACE_ID = '00000000-0000-4000-8000-000000000001';
export const WORKSPACE_ROLES = ['owner', 'admin', 'viewer'] as const;

export const CUSTOMER_STATUSES = ['active', 'suspended'] as const;
export const PAYMENT_METHOD_KINDS = ['card', 'bank_transfer', 'direct_debit'] as const;
export const AGGREGATIONS = ['sum', 'count', 'max', 'unique_count', 'latest'] as const;
export const PLAN_INTERVALS = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const BILLING_ALIGNMENTS = ['anniversary', 'calendar'] as const;
export const INVOICE_SOURCES = ['meterbill', 'stripe'] as const;
/** When a subscription invoice bills its period: at the end (usage, fees in arrears) or at the start (fees in advance). */
export const BILLING_TIMINGS = ['arrears', 'advance'] as const;
export const CHARGE_MODELS = ['flat', 'per_unit', 'graduated', 'volume', 'package'] as const;
export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled', 'incomplete'] as const;
export const BILLING_PERIOD_STATUSES = ['open', 'closing', 'invoiced', 'skipped'] as const;
export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export const PAYMENT_STATUSES = ['pending', 'processing', 'succeeded', 'failed', 'refunded'] as const;
export const API_KEY_SCOPES = ['usage:write', 'billing:admin'] as const;

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);

/**
 * A business billed from this installation. Settings left null take the installation's defaults:
 * the environment for the `default` workspace, built-in values for the others (lib/workspaces).
 */
export const workspaces = pgTable(
  'workspaces',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    companyName: text('company_name'),
    companyEmail: text('company_email'),
    companyAddressLines: jsonb('company_address_lines').$type<string[]>(),
    companyTaxId: text('company_tax_id'),
    defaultCurrency: text('default_currency'),
    defaultTaxRate: numeric('default_tax_rate', { precision: 7, scale: 6 }),
    invoiceNumberFormat: text('invoice_number_format'),
    creditNoteNumberFormat: text('credit_note_number_format'),
    paymentTermsDays: integer('payment_terms_days'),
    bankIban: text('bank_iban'),
    bankBic: text('bank_bic'),
    emailFrom: text('email_from'),
    /** who receives admin_alert mail (failed runs, cost thresholds, failing webhook endpoints) */
    adminAlertEmails: text('admin_alert_emails').array().notNull().default(sql`'{}'::text[]`),
    /** the emails' branding: a #rrggbb accent colour and an https logo */
    brandColor: text('brand_color'),
    logoUrl: text('logo_url'),
    // Stripe Connect: the platform's key acts for this account (Stripe-Account on every call), and
    // webhook events carrying it are this workspace's
    stripeAccountId: text('stripe_account_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('workspaces_slug_key').on(t.slug),
    uniqueIndex('workspaces_stripe_account_id_key').on(t.stripeAccountId),
    check('workspaces_slug_check', sql`slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'`),
    check('workspaces_default_currency_check', sql`default_currency is null or default_currency ~ '^[a-z]{3}$'`),
    check('workspaces_default_tax_rate_check', sql`default_tax_rate is null or (default_tax_rate >= 0 and default_tax_rate < 1)`),
    check('workspaces_brand_color_check', sql`brand_color is null or brand_color ~ '^#[0-9a-fA-F]{6}$'`),
    check('workspaces_admin_alert_emails_check', sql`cardinality(admin_alert_emails) <= 10`),
    check('workspaces_payment_terms_days_check', sql`payment_terms_days is null or payment_terms_days between 0 and 365`),
    // inside a scope a workspace sees and edits its own row (its settings), nothing else
    pgPolicy('workspaces_workspace_scope', { for: 'select', to: workspaceScopedRole, using: sql`id = (select public.current_workspace_id())` }),
    pgPolicy('workspaces_workspace_scope_update', {
      for: 'update',
      to: workspaceScopedRole,
      using: sql`id = (select public.current_workspace_id())`,
      withCheck: sql`id = (select public.current_workspace_id())`,
    }),
  ],
).enableRLS();

/** Which admin users work in which workspace, and how: owners and admins change things, viewers read. */
export const workspaceMembers = pgTable(
  'workspace_members',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => authUsers.id, { onDelete: 'cascade' }),
    role: text('role', { enum: WORKSPACE_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index('workspace_members_user_idx').on(t.userId),
    check('workspace_members_role_check', inList('role', WORKSPACE_ROLES)),
    workspaceScoped('workspace_members'),
  ],
).enableRLS();

export const customers = pgTable(
  'customers',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => authUsers.id, { onDelete: 'set null' }),
    externalId: text('external_id'),
    name: text('name').notNull(),
    email: text('email').notNull(),
    currency: text('currency').notNull(),
    country: text('country'),
    addressLines: jsonb('address_lines').$type<string[]>().notNull().default([]),
    // null: the default rate from config applies
    taxRate: numeric('tax_rate', { precision: 7, scale: 6 }),
    taxExempt: boolean('tax_exempt').notNull().default(false),
    taxId: text('tax_id'),
    paymentMethod: text('payment_method', { enum: PAYMENT_METHOD_KINDS }).notNull().default('card'),
    autoPay: boolean('auto_pay').notNull().default(false),
    bankIban: text('bank_iban'),
    bankBic: text('bank_bic'),
    stripeCustomerId: text('stripe_customer_id'),
    status: text('status', { enum: CUSTOMER_STATUSES }).notNull().default('active'),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }),
    /** where billing mail goes (up to 5); empty: to `email` */
    billingEmails: text('billing_emails').array().notNull().default(sql`'{}'::text[]`),
    /** set by a hard bounce or a complaint from Resend: mail to this customer is not reaching them */
    emailBouncedAt: timestamp('email_bounced_at', { withTimezone: true }),
    emailBounceReason: text('email_bounce_reason'),
    /** set when the customer's personal data was erased (lib/privacy); the row stays for the invoices it owns */
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    /**
     * set when the erased customer's Stripe customer was deleted (lib/privacy/erase-at-stripe.ts).
     * stripe_customer_id stays: it is how a Stripe event arriving later is recognised as the erased
     * customer's, so its payload is not stored (stripe-webhook.ts)
     */
    stripeErasedAt: timestamp('stripe_erased_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceScoped('customers'),
    check('customers_billing_emails_check', sql`cardinality(billing_emails) <= 5`),
    uniqueIndex('customers_user_id_key').on(t.userId),
    uniqueIndex('customers_external_id_key').on(t.workspaceId, t.externalId),
    uniqueIndex('customers_stripe_customer_id_key').on(t.stripeCustomerId),
    index('customers_email_idx').on(t.email),
    check('customers_status_check', inList('status', CUSTOMER_STATUSES)),
    check('customers_payment_method_check', inList('payment_method', PAYMENT_METHOD_KINDS)),
    check('customers_currency_check', sql`currency ~ '^[a-z]{3}$'`),
    check('customers_tax_rate_check', sql`tax_rate is null or (tax_rate >= 0 and tax_rate < 1)`),
    pgPolicy('customers_customer_read_own', {
      for: 'select',
      to: authenticatedRole,
      using: sql`user_id = (select auth.uid())`,
    }),
  ],
).enableRLS();

export const billableMetrics = pgTable(
  'billable_metrics',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    unit: text('unit').notNull(),
    aggregation: text('aggregation', { enum: AGGREGATIONS }).notNull(),
    // the event property counted by unique_count
    property: text('property'),
    // event properties a charge may filter on (Lyceum prices licenses by tier, clusters by size and
    // type); rollups are kept per combination of their values
    dimensions: text('dimensions').array().notNull().default(sql`'{}'::text[]`),
    description: text('description'),
    /**
     * What one unit costs the operator (a model's price per token, a GPU hour), in unit_cost_currency;
     * the margins report multiplies billed units by it. Unscaled: a token can cost 0.0000005.
     */
    unitCost: numeric('unit_cost'),
    unitCostCurrency: text('unit_cost_currency'),
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceScoped('billable_metrics'),
    check('billable_metrics_unit_cost_check', sql`(unit_cost is null and unit_cost_currency is null) or (unit_cost >= 0 and unit_cost_currency ~ '^[a-z]{3}$')`),
    uniqueIndex('billable_metrics_code_key').on(t.workspaceId, t.code),
    check('billable_metrics_aggregation_check', inList('aggregation', AGGREGATIONS)),
    check('billable_metrics_property_check', sql`aggregation <> 'unique_count' or property is not null`),
    check('billable_metrics_code_format_check', sql`code ~ '^[a-z][a-z0-9_]{0,62}$'`),
    customerReadsCatalog('billable_metrics'),
  ],
).enableRLS();

/** A plan is versioned: a change makes a new row with the same code and version + 1. */
export const plans = pgTable(
  'plans',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    version: integer('version').notNull().default(1),
    isCurrent: boolean('is_current').notNull().default(true),
    name: text('name').notNull(),
    description: text('description'),
    currency: text('currency').notNull(),
    interval: text('interval', { enum: PLAN_INTERVALS }).notNull(),
    // Lyceum's fixed 30-day cycle is interval 'day' with interval_count 30
    intervalCount: integer('interval_count').notNull().default(1),
    trialDays: integer('trial_days').notNull().default(0),
    // anniversary: periods count from the subscription's anchor; calendar: they start on the 1st of the
    // month (quarter, year) or on Monday, the first one running from the start to the next boundary
    billingAlignment: text('billing_alignment', { enum: BILLING_ALIGNMENTS }).notNull().default('anniversary'),
    // flat fees are invoiced when each period starts (usage still when it ends)
    payInAdvance: boolean('pay_in_advance').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceScoped('plans'),
    uniqueIndex('plans_code_version_key').on(t.workspaceId, t.code, t.version),
    uniqueIndex('plans_one_current_version_key').on(t.workspaceId, t.code).where(sql`is_current`),
    check('plans_interval_check', inList('interval', PLAN_INTERVALS)),
    check('plans_interval_count_check', sql`interval_count between 1 and 366`),
    check('plans_trial_days_check', sql`trial_days between 0 and 730`),
    check('plans_currency_check', sql`currency ~ '^[a-z]{3}$'`),
    check('plans_billing_alignment_check', inList('billing_alignment', BILLING_ALIGNMENTS)),
    // a calendar period is one whole calendar unit: the 1st of every second month is not a calendar
    check('plans_calendar_interval_count_check', sql`billing_alignment = 'anniversary' or interval_count = 1`),
    customerReadsCatalog('plans'),
  ],
).enableRLS();

export const planCharges = pgTable(
  'plan_charges',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    // null for a flat fee that depends on no usage
    metricId: uuid('metric_id').references(() => billableMetrics.id),
    model: text('model', { enum: CHARGE_MODELS }).notNull(),
    description: text('description'),
    amount: money('amount'),
    unitPrice: money('unit_price'),
    packageSize: quantity('package_size'),
    includedUnits: quantity('included_units').notNull().default('0'),
    tiers: jsonb('tiers').$type<StoredPriceTier[]>(),
    // only events whose properties match count toward this charge (e.g. {"tier": "professional"})
    filters: jsonb('filters').$type<Record<string, string>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceScoped('plan_charges'),
    uniqueIndex('plan_charges_plan_position_key').on(t.planId, t.position),
    check('plan_charges_model_check', inList('model', CHARGE_MODELS)),
    check('plan_charges_flat_check', sql`model <> 'flat' or amount is not null`),
    check('plan_charges_metric_check', sql`model = 'flat' or metric_id is not null`),
    check('plan_charges_per_unit_check', sql`model <> 'per_unit' or unit_price is not null`),
    check('plan_charges_package_check', sql`model <> 'package' or (amount is not null and package_size > 0)`),
    check('plan_charges_tiers_check', sql`model not in ('graduated', 'volume') or jsonb_array_length(tiers) > 0`),
    check('plan_charges_included_check', sql`included_units >= 0`),
    customerReadsCatalog('plan_charges'),
  ],
).enableRLS();

export const subscriptions = pgTable(
  'subscriptions',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    status: text('status', { enum: SUBSCRIPTION_STATUSES }).notNull().default('active'),
    startDate: timestamp('start_date', { withTimezone: true }).notNull(),
    trialEnd: timestamp('trial_end', { withTimezone: true }),
    currentPeriodStart: timestamp('current_period_start', { withTimezone: true }).notNull(),
    currentPeriodEnd: timestamp('current_period_end', { withTimezone: true }).notNull(),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    // where the anniversary periods count from when not the trial's end or the start: a plan change to
    // another interval starts a new cycle at the change
    billingAnchor: timestamp('billing_anchor', { withTimezone: true }),
    canceledAt: timestamp('canceled_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    stripeSubscriptionId: text('stripe_subscription_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceScoped('subscriptions'),
    uniqueIndex('subscriptions_stripe_subscription_id_key').on(t.stripeSubscriptionId),
    index('subscriptions_customer_idx').on(t.customerId),
    check('subscriptions_status_check', inList('status', SUBSCRIPTION_STATUSES)),
    check('subscriptions_period_check', sql`current_period_end > current_period_start`),
    customerReadsOwn('subscriptions'),
  ],
).enableRLS();

/** Half-open [period_start, period_end); one row per subscription and start, so a period is billed once. */
export const billingPeriods = pgTable(
  'billing_periods',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    planId: uuid('plan_id')
      .notNull()
      .references(() => plans.id),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    status: text('status', { enum: BILLING_PERIOD_STATUSES }).notNull().default('open'),
    isTrial: boolean('is_trial').notNull().default(false),
    // Set when a plan change split the billing cycle [cycle_start, cycle_end) at the change: each part
    // bills its plan's flat fees for its share of the cycle's time. Null: the period is a whole cycle.
    cycleStart: timestamp('cycle_start', { withTimezone: true }),
    cycleEnd: timestamp('cycle_end', { withTimezone: true }),
    // Fees in advance (the plan pays in advance): 'pending' until the period has started and its
    // advance invoice is issued, then 'invoiced'. Null: the fees are billed with the period's end.
    advanceFees: text('advance_fees', { enum: ['pending', 'invoiced'] }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceScoped('billing_periods'),
    uniqueIndex('billing_periods_subscription_start_key').on(t.subscriptionId, t.periodStart),
    // the billing run takes due periods `order by period_end, id limit 50`: with id in the index that is
    // a read of 50 entries, not a sort of every due period (npm run bench:billing)
    index('billing_periods_due_idx').on(t.periodEnd, t.id).where(sql`status = 'open'`),
    index('billing_periods_advance_due_idx').on(t.periodStart, t.id).where(sql`advance_fees = 'pending'`),
    check('billing_periods_advance_fees_check', sql`advance_fees is null or advance_fees in ('pending', 'invoiced')`),
    index('billing_periods_customer_idx').on(t.customerId, t.periodStart),
    check('billing_periods_status_check', inList('status', BILLING_PERIOD_STATUSES)),
    check('billing_periods_range_check', sql`period_end > period_start`),
    check(
      'billing_periods_cycle_check',
      sql`(cycle_start is null and cycle_end is null) or (cycle_start <= period_start and period_end <= cycle_end)`,
    ),
    customerReadsOwn('billing_periods'),
  ],
).enableRLS();

/** Raw usage; exactly once per (customer, event id). */
export const usageEvents = pgTable(
  'usage_events',
  {
    workspaceId: workspaceIdColumn(),
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    metricId: uuid('metric_id')
      .notNull()
      .references(() => billableMetrics.id),
    eventId: text('event_id').notNull(),
    quantity: quantity('quantity').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    // the metric's declared dimensions as found in properties ('size=small,type=production'), fixed at
    // ingestion so rollups and edge-of-period scans group events the same way
    dimension: text('dimension').notNull().default(''),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    voidReason: text('void_reason'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    workspaceScoped('usage_events'),
    uniqueIndex('usage_events_customer_event_key').on(t.customerId, t.eventId),
    index('usage_events_customer_metric_time_idx').on(t.customerId, t.metricId, t.occurredAt),
    check('usage_events_quantity_check', sql`quantity >= 0`),
    customerReadsOwn('usage_events'),
  ],
).enableRLS();

/** Daily aggregates maintained on ingestion so neither the dashboard nor billing scans raw events. */
export const usageRollups = pgTable(
  'usage_rollups',
  {
    workspaceId: workspaceIdColumn(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    metricId: uuid('metric_id')
      .notNull()
      .references(() => billableMetrics.id),
    day: date('day', { mode: 'string' }).notNull(),
    // the filter key a charge matches against, '' for all events of the metric
    dimension: text('dimension').notNull().default(''),
    // Concurrent batches for the same customers would queue on the same hot rows; each connection
    // writes its own shard instead, and readers add the shards up (sum, count, max, latest all merge).
    shard: smallint('shard').notNull().default(0),
    quantitySum: quantity('quantity_sum').notNull().default('0'),
    eventCount: bigint('event_count', { mode: 'number' }).notNull().default(0),
    quantityMax: quantity('quantity_max'),
    latestQuantity: quantity('latest_quantity'),
    latestAt: timestamp('latest_at', { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceScoped('usage_rollups'),primaryKey({ columns: [t.customerId, t.metricId, t.day, t.dimension, t.shard] }), customerReadsOwn('usage_rollups')],
).enableRLS();

/**
 * The distinct values a unique_count metric saw per day (active users by user_id). Distinct counts do
 * not add up across days, so a period's count is count(distinct value) over these rows, not a sum.
 */
export const usageUniqueValues = pgTable(
  'usage_unique_values',
  {
    workspaceId: workspaceIdColumn(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    metricId: uuid('metric_id')
      .notNull()
      .references(() => billableMetrics.id),
    day: date('day', { mode: 'string' }).notNull(),
    dimension: text('dimension').notNull().default(''),
    value: text('value').notNull(),
  },
  (t) => [
    workspaceScoped('usage_unique_values'),primaryKey({ columns: [t.customerId, t.metricId, t.day, t.dimension, t.value] }), customerReadsOwn('usage_unique_values')],
).enableRLS();

/** Usage captured for a period (Lyceum's billing_usage_snapshots); invoicing reads these. */
export const usageSnapshots = pgTable(
  'usage_snapshots',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    subscriptionId: uuid('subscription_id').references(() => subscriptions.id),
    billingPeriodId: uuid('billing_period_id').references(() => billingPeriods.id),
    kind: text('kind', { enum: ['manual', 'billing'] }).notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
    capturedAt: timestamp('captured_at', { withTimezone: true }).notNull().defaultNow(),
    // metric code (and filter dimension) → aggregated quantity as a decimal string
    usage: jsonb('usage').$type<Record<string, string>>().notNull(),
  },
  (t) => [
    workspaceScoped('usage_snapshots'),
    uniqueIndex('usage_snapshots_billing_period_key').on(t.billingPeriodId).where(sql`kind = 'billing'`),
    index('usage_snapshots_customer_idx').on(t.customerId, t.capturedAt),
    customerReadsOwn('usage_snapshots'),
  ],
).enableRLS();

export type PartySnapshot = {
  name: string;
  email?: string | null;
  address_lines: string[];
  country?: string | null;
  tax_id?: string | null;
};

export const invoices = pgTable(
  'invoices',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    // assigned at finalization, in the same transaction, from invoice_number_sequences
    number: text('number'),
    numberSeries: text('number_series'),
    numberYear: integer('number_year'),
    numberSequence: integer('number_sequence'),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    subscriptionId: uuid('subscription_id').references(() => subscriptions.id),
    billingPeriodId: uuid('billing_period_id').references(() => billingPeriods.id),
    // a period has at most one invoice per timing: its fees in advance, and its usage (and fees in arrears) at its end
    billingTiming: text('billing_timing', { enum: BILLING_TIMINGS }),
    kind: text('kind', { enum: ['subscription', 'one_time'] }).notNull(),
    // meterbill: issued here and numbered in our series; stripe: issued by Stripe for a Stripe
    // subscription (setup-subscription) and recorded here so every list, report and dunning sees it
    source: text('source', { enum: INVOICE_SOURCES }).notNull().default('meterbill'),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('draft'),
    currency: text('currency').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
    issuedAt: timestamp('issued_at', { withTimezone: true }),
    dueDate: timestamp('due_date', { withTimezone: true }),
    subtotal: money('subtotal').notNull().default('0'),
    taxRate: numeric('tax_rate', { precision: 7, scale: 6 }).notNull().default('0'),
    taxExempt: boolean('tax_exempt').notNull().default(false),
    reverseCharge: boolean('reverse_charge').notNull().default(false),
    tax: money('tax').notNull().default('0'),
    total: money('total').notNull().default('0'),
    creditsApplied: money('credits_applied').notNull().default('0'),
    amountPaid: money('amount_paid').notNull().default('0'),
    amountDue: money('amount_due').notNull().default('0'),
    seller: jsonb('seller').$type<PartySnapshot>(),
    buyer: jsonb('buyer').$type<PartySnapshot>(),
    memo: text('memo'),
    paymentReference: text('payment_reference'),
    stripeInvoiceId: text('stripe_invoice_id'),
    hostedInvoiceUrl: text('hosted_invoice_url'),
    invoicePdf: text('invoice_pdf'),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    markedUncollectibleAt: timestamp('marked_uncollectible_at', { withTimezone: true }),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    nextPaymentAttemptAt: timestamp('next_payment_attempt_at', { withTimezone: true }),
    paymentAttemptCount: integer('payment_attempt_count').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceScoped('invoices'),
    // Numbers are unique among issued invoices, so these two index only those (a draft has none). Partial
    // on purpose: under the workspace policy every query carries "workspace_id = <the scope>", a value the
    // planner cannot see, and on a table not yet analyzed it guesses that matches 0.5% of rows; a full index
    // led by workspace_id then looked cheaper than the primary key to finalization, which read every
    // invoice of the workspace for each batch of 50 (npm run bench:billing, 40,000 customers). A query by
    // number implies "number is not null" and still uses them.
    uniqueIndex('invoices_number_key').on(t.workspaceId, t.number).where(sql`number is not null`),
    uniqueIndex('invoices_series_year_sequence_key')
      .on(t.workspaceId, t.numberSeries, t.numberYear, t.numberSequence)
      .where(sql`number_sequence is not null`),
    // billing the same period twice yields one invoice (per timing)
    uniqueIndex('invoices_billing_period_timing_key').on(t.billingPeriodId, t.billingTiming),
    uniqueIndex('invoices_stripe_invoice_id_key').on(t.stripeInvoiceId),
    index('invoices_customer_idx').on(t.customerId, t.createdAt),
    index('invoices_status_idx').on(t.status, t.dueDate),
    // the margins' and the overview charts' date windows (invoices issued in the last 30 days, 12 months)
    index('invoices_issued_idx').on(t.workspaceId, t.issuedAt),
    check('invoices_status_check', inList('status', INVOICE_STATUSES)),
    check('invoices_numbered_when_final_check', sql`status = 'draft' or number is not null`),
    check('invoices_currency_check', sql`currency ~ '^[a-z]{3}$'`),
    check('invoices_source_check', inList('source', INVOICE_SOURCES)),
    check('invoices_billing_timing_check', sql`(billing_period_id is null) = (billing_timing is null) and (billing_timing is null or billing_timing in ('arrears', 'advance'))`),
    customerReadsOwn('invoices'),
  ],
).enableRLS();

/** Gapless numbering: one row per series and year, locked while a number is taken. */
export const invoiceNumberSequences = pgTable(
  'invoice_number_sequences',
  {
    workspaceId: workspaceIdColumn(),
    series: text('series').notNull(),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull().default(0),
  },
  (t) => [
    workspaceScoped('invoice_number_sequences'),primaryKey({ columns: [t.workspaceId, t.series, t.year] })],
).enableRLS();

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind', { enum: ['charge', 'one_time', 'proration', 'credit'] }).notNull(),
    description: text('description').notNull(),
    metricId: uuid('metric_id').references(() => billableMetrics.id),
    metricCode: text('metric_code'),
    chargeId: uuid('charge_id').references(() => planCharges.id),
    quantity: quantity('quantity').notNull(),
    unitPrice: money('unit_price').notNull(),
    amount: money('amount').notNull(),
    periodStart: timestamp('period_start', { withTimezone: true }),
    periodEnd: timestamp('period_end', { withTimezone: true }),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    workspaceScoped('invoice_lines'),
    uniqueIndex('invoice_lines_invoice_position_key').on(t.invoiceId, t.position),
    pgPolicy('invoice_lines_customer_read_own', {
      for: 'select',
      to: authenticatedRole,
      using: sql`invoice_id in (select i.id from public.invoices i where i.customer_id in (select c.id from public.customers c where c.user_id = (select auth.uid())))`,
    }),
  ],
).enableRLS();

export const payments = pgTable(
  'payments',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    attemptNumber: integer('attempt_number').notNull(),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    method: text('method', { enum: ['card', 'sepa_debit', 'bank_transfer', 'manual'] }).notNull(),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull(),
    reference: text('reference'),
    stripePaymentIntentId: text('stripe_payment_intent_id'),
    stripeChargeId: text('stripe_charge_id'),
    failureCode: text('failure_code'),
    failureMessage: text('failure_message'),
    amountRefunded: money('amount_refunded').notNull().default('0'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceScoped('payments'),
    uniqueIndex('payments_invoice_attempt_key').on(t.invoiceId, t.attemptNumber),
    uniqueIndex('payments_stripe_payment_intent_key').on(t.stripePaymentIntentId),
    uniqueIndex('payments_stripe_charge_key').on(t.stripeChargeId),
    // the overview's payment success rates (last 30 and 90 days) and money collected per month
    index('payments_created_idx').on(t.workspaceId, t.createdAt),
    check('payments_status_check', inList('status', PAYMENT_STATUSES)),
    customerReadsOwn('payments'),
  ],
).enableRLS();

/** Cards and SEPA mandates, mirrored from Stripe (never the card number itself). */
export const paymentMethods = pgTable(
  'payment_methods',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    stripePaymentMethodId: text('stripe_payment_method_id').notNull(),
    type: text('type').notNull(),
    brand: text('brand'),
    last4: text('last4'),
    expMonth: integer('exp_month'),
    expYear: integer('exp_year'),
    isDefault: boolean('is_default').notNull().default(false),
    detachedAt: timestamp('detached_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceScoped('payment_methods'),
    uniqueIndex('payment_methods_stripe_id_key').on(t.stripePaymentMethodId),
    customerReadsOwn('payment_methods'),
  ],
).enableRLS();

export const creditNotes = pgTable(
  'credit_notes',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    currency: text('currency').notNull(),
    subtotal: money('subtotal').notNull(),
    tax: money('tax').notNull(),
    total: money('total').notNull(),
    // credit: reduces what is due; refund: money goes back to the customer
    method: text('method', { enum: ['credit', 'refund'] }).notNull(),
    reason: text('reason').notNull(),
    lines: jsonb('lines').$type<{ description: string; amount: string }[]>().notNull().default([]),
    createdBy: text('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceScoped('credit_notes'),uniqueIndex('credit_notes_number_key').on(t.workspaceId, t.number), customerReadsOwn('credit_notes')],
).enableRLS();

/** One row per Stripe event id: the first delivery processes it, later ones see it done. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    workspaceId: workspaceIdColumn(),
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    status: text('status', { enum: ['processing', 'completed', 'failed'] }).notNull(),
    attempts: integer('attempts').notNull().default(1),
    lastError: text('last_error'),
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    lockedAt: timestamp('locked_at', { withTimezone: true }),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    workspaceScoped('webhook_events'),index('webhook_events_status_idx').on(t.status, t.receivedAt)],
).enableRLS();

export const billingAutomationLog = pgTable(
  'billing_automation_log',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger', { enum: ['cron', 'manual', 'cli', 'seed'] }).notNull(),
    status: text('status', { enum: ['running', 'completed', 'partial', 'failed'] }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    processed: integer('processed').notNull().default(0),
    invoiced: integer('invoiced').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    remaining: integer('remaining').notNull().default(0),
    durationMs: integer('duration_ms'),
    // what each step of the run did: {billing: {done, remaining, duration_ms}, stripe: …, dunning: …}
    steps: jsonb('steps').$type<Record<string, { done: number; remaining: number; duration_ms: number; failed?: number }>>().notNull().default({}),
    errors: jsonb('errors').$type<{ customer_id: string | null; message: string }[]>().notNull().default([]),
  },
  (t) => [
    workspaceScoped('billing_automation_log'),index('billing_automation_log_started_idx').on(t.startedAt)],
).enableRLS();

export const apiKeys = pgTable(
  'api_keys',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    // the first characters of the key, shown in lists so a key can be recognised
    prefix: text('prefix').notNull(),
    // SHA-256 of the whole key, hex; the key itself is shown once and never stored
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    workspaceScoped('api_keys'),
    uniqueIndex('api_keys_prefix_key').on(t.prefix),
    uniqueIndex('api_keys_key_hash_key').on(t.keyHash),
    check('api_keys_scopes_check', sql`scopes <@ array['usage:write', 'billing:admin']::text[] and cardinality(scopes) > 0`),
  ],
).enableRLS();

export const auditLog = pgTable(
  'audit_log',
  {
    workspaceId: workspaceIdColumn(),
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'cron', 'stripe', 'system', 'cli'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    customerId: uuid('customer_id').references(() => customers.id),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceScoped('audit_log'),index('audit_log_entity_idx').on(t.entityType, t.entityId), index('audit_log_created_idx').on(t.createdAt)],
).enableRLS();

export const OUTBOX_CHANNELS = ['email', 'webhook'] as const;
/**
 * queued: waiting for its first or next attempt (send_after); sending: claimed by a sender until
 * send_after (a lease, so a crashed sender's claim expires); sent: handed to Resend, or for a webhook
 * event fanned out to its endpoints' deliveries; failed: out of attempts; not_configured: rendered
 * and kept, because no RESEND_API_KEY is set.
 */
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'not_configured'] as const;
/** What Resend's delivery webhooks said last about a sent email. */
export const EMAIL_DELIVERY_STATUSES = ['delivered', 'delivery_delayed', 'bounced', 'complained'] as const;

/**
 * The one outbox: every email and every outgoing webhook event, written once per business event (the
 * dedupe key) in the transaction that caused it, sent after the response and by every automation run
 * until done (lib/notifications). An email row is one message to its recipients; a webhook row is one
 * event, which fans out into a webhook_deliveries row per subscribed endpoint.
 */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel', { enum: OUTBOX_CHANNELS }).notNull().default('email'),
    customerId: uuid('customer_id').references(() => customers.id),
    invoiceId: uuid('invoice_id').references(() => invoices.id),
    creditNoteId: uuid('credit_note_id').references(() => creditNotes.id),
    /** the email's template (invoice_issued …) or the webhook event's type (invoice.finalized …) */
    template: text('template').notNull(),
    /** the recipients, fixed when the message is rendered (a customer's billing emails at that time) */
    toEmails: text('to_emails').array().notNull().default(sql`'{}'::text[]`),
    subject: text('subject'),
    html: text('html'),
    text: text('text'),
    /** the facts of the event (amounts, reasons); for a webhook, the object as the API shows it once built */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    dedupeKey: text('dedupe_key').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /**
     * Not before this time: a retry's backoff, or a sender's lease while it holds the message. Null: as
     * soon as possible. A new message has no time of its own because the transaction that queues it
     * does not know the clock the sender will compare with (a run's `now` may be before the database's).
     */
    sendAfter: timestamp('send_after', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    providerMessageId: text('provider_message_id'),
    deliveryStatus: text('delivery_status', { enum: EMAIL_DELIVERY_STATUSES }),
    deliveryUpdatedAt: timestamp('delivery_updated_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceScoped('notification_outbox'),
    // once per business event and workspace: a key need not carry an id to be unique installation-wide
    uniqueIndex('notification_outbox_dedupe_key').on(t.workspaceId, t.dedupeKey),
    index('notification_outbox_due_idx').on(t.sendAfter).where(sql`status in ('queued', 'sending')`),
    index('notification_outbox_customer_idx').on(t.customerId, t.createdAt),
    uniqueIndex('notification_outbox_provider_message_id_key').on(t.providerMessageId),
    check('notification_outbox_channel_check', inList('channel', OUTBOX_CHANNELS)),
    check('notification_outbox_status_check', inList('status', OUTBOX_STATUSES)),
    check('notification_outbox_to_emails_check', sql`cardinality(to_emails) <= 50`),
  ],
).enableRLS();

/** Where a workspace's outgoing webhooks go (Standard Webhooks), and which event types each wants. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: uuid('id').primaryKey().defaultRandom(),
    url: text('url').notNull(),
    description: text('description'),
    /** event types, or ['*'] for all */
    events: text('events').array().notNull(),
    /** "whsec_" + base64 of the key the signatures are made with; shown once, when created */
    secret: text('secret').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    /** the first failure of the current run of failures; null while deliveries succeed */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  () => [workspaceScoped('webhook_endpoints'), check('webhook_endpoints_events_check', sql`cardinality(events) > 0`)],
).enableRLS();

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;

/** One event's delivery to one endpoint, with its attempts: the delivery log. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    /** the event: its notification_outbox row, whose id is the webhook-id */
    messageId: uuid('message_id')
      .notNull()
      .references(() => notificationOutbox.id),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    status: text('status', { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    responseStatus: integer('response_status'),
    /** the first 1,000 characters of the endpoint's answer, or the network error */
    lastError: text('last_error'),
    /** due time of the next attempt; while an attempt runs, the end of its lease */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceScoped('webhook_deliveries'),
    uniqueIndex('webhook_deliveries_message_endpoint_key').on(t.messageId, t.endpointId),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    check('webhook_deliveries_status_check', inList('status', WEBHOOK_DELIVERY_STATUSES)),
  ],
).enableRLS();

export const ALERT_RULE_KINDS = ['usage_amount', 'metric_units', 'metric_amount'] as const;
export const ALERT_WINDOWS = ['day', 'week', 'period'] as const;
export const ALERT_RECIPIENTS = ['admins', 'customer', 'webhook'] as const;

/**
 * A threshold the workspace watches (lib/alerts): what is measured (kind, metric), over which window
 * (a UTC day, an ISO week, the customer's open billing period), for whom (one customer, each customer,
 * or all customers together when aggregate) and who is told. Disabled rules are kept, not deleted, so
 * their triggered alerts still name them.
 */
export const alertRules = pgTable(
  'alert_rules',
  {
    workspaceId: workspaceIdColumn().references(() => workspaces.id),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ALERT_RULE_KINDS }).notNull(),
    metricId: uuid('metric_id').references(() => billableMetrics.id),
    // the API's `window`; WINDOW is a reserved word in SQL
    windowUnit: text('window_unit', { enum: ALERT_WINDOWS }).notNull(),
    /** money in `currency` for usage_amount and metric_amount, units for metric_units */
    threshold: numeric('threshold').notNull(),
    currency: text('currency'),
    /** one customer; null: every customer (each on its own, or all together when aggregate) */
    customerId: uuid('customer_id').references(() => customers.id),
    aggregate: boolean('aggregate').notNull().default(false),
    /** true: once in every window; false: once ever per customer (or once for the aggregate) */
    recurring: boolean('recurring').notNull().default(true),
    notify: text('notify').array().notNull().default(sql`'{admins}'::text[]`),
    enabled: boolean('enabled').notNull().default(true),
    /** set on the rules setup installs (vigint_daily_total …), so they are installed once */
    presetKey: text('preset_key'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    workspaceScoped('alert_rules'),
    uniqueIndex('alert_rules_preset_key').on(t.workspaceId, t.presetKey),
    index('alert_rules_enabled_idx').on(t.workspaceId).where(sql`enabled`),
    check('alert_rules_kind_check', inList('kind', ALERT_RULE_KINDS)),
    check('alert_rules_window_check', inList('window_unit', ALERT_WINDOWS)),
    check('alert_rules_metric_check', sql`(kind = 'usage_amount') = (metric_id is null)`),
    check('alert_rules_currency_check', sql`(kind = 'metric_units' and currency is null) or (kind <> 'metric_units' and currency ~ '^[a-z]{3}$')`),
    check('alert_rules_threshold_check', sql`threshold > 0`),
    check('alert_rules_aggregate_check', sql`not (aggregate and customer_id is not null)`),
    check('alert_rules_notify_check', sql`cardinality(notify) > 0 and notify <@ array['admins', 'customer', 'webhook']::text[]`),
  ],
).enableRLS();

/**
 * A rule's crossing: at most one per (rule, customer or aggregate, window), which the unique key
 * enforces against concurrent evaluations. Resolved when a later window starts below the threshold.
 */
export const alerts = pgTable(
  'alerts',
  {
    workspaceId: workspaceIdColumn(),
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id),
    /** null for an aggregate rule's alert */
    customerId: uuid('customer_id').references(() => customers.id),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true }).notNull(),
    value: numeric('value').notNull(),
    threshold: numeric('threshold').notNull(),
    currency: text('currency'),
    triggeredAt: timestamp('triggered_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    workspaceScoped('alerts'),
    unique('alerts_once_per_window_key').on(t.ruleId, t.customerId, t.windowStart).nullsNotDistinct(),
    index('alerts_triggered_idx').on(t.workspaceId, t.triggeredAt),
    index('alerts_customer_idx').on(t.customerId, t.triggeredAt),
    check('alerts_window_check', sql`window_end > window_start`),
  ],
).enableRLS();

/** What a customer means to spend per billing period, and at which percentages they are told. */
export const customerBudgets = pgTable(
  'customer_budgets',
  {
    workspaceId: workspaceIdColumn(),
    customerId: uuid('customer_id')
      .primaryKey()
      .references(() => customers.id),
    amount: money('amount').notNull(),
    currency: text('currency').notNull(),
    notifyAtPercent: integer('notify_at_percent').array().notNull().default(sql`'{50,80,100}'::integer[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  () => [
    workspaceScoped('customer_budgets'),
    check('customer_budgets_amount_check', sql`amount > 0`),
    check('customer_budgets_currency_check', sql`currency ~ '^[a-z]{3}$'`),
    check('customer_budgets_percent_check', sql`cardinality(notify_at_percent) between 1 and 10 and 1 <= all(notify_at_percent) and 1000 >= all(notify_at_percent)`),
    customerReadsOwn('customer_budgets'),
  ],
).enableRLS();

/** A budget percentage crossed in a period: the row that makes budget_alert once per period and percentage. */
export const budgetNotifications = pgTable(
  'budget_notifications',
  {
    workspaceId: workspaceIdColumn(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id),
    periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
    percent: integer('percent').notNull(),
    budgetAmount: money('budget_amount').notNull(),
    spend: money('spend').notNull(),
    currency: text('currency').notNull(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    workspaceScoped('budget_notifications'),
    primaryKey({ columns: [t.customerId, t.periodStart, t.percent] }),
    customerReadsOwn('budget_notifications'),
  ],
).enableRLS();

/**
 * How long a workspace keeps data it no longer needs (lib/privacy/apply-retention.ts), in days; null
 * keeps it forever. No row: the defaults below (RETENTION_DEFAULTS in lib/privacy/retention-settings.ts).
 * Invoices, credit notes, payments, rollups and the audit log are not here: they are kept as issued.
 */
export const workspaceRetentionSettings = pgTable(
  'workspace_retention_settings',
  {
    workspaceId: workspaceIdColumn()
      .primaryKey()
      .references(() => workspaces.id),
    /** raw usage events (rollups and invoices keep their totals) */
    usageEventsDays: integer('usage_events_days'),
    /** inbound Stripe webhook events and the payloads of outgoing webhook events */
    webhookPayloadsDays: integer('webhook_payloads_days'),
    /** the HTML and text of sent emails */
    emailBodiesDays: integer('email_bodies_days'),
    /** the record of sent emails and webhook delivery attempts */
    deliveryLogsDays: integer('delivery_logs_days'),
    updatedAt: updatedAt(),
  },
  () => [
    workspaceScoped('workspace_retention_settings'),
    check(
      'workspace_retention_settings_days_check',
      sql`coalesce(usage_events_days, 1) between 1 and 36500 and coalesce(webhook_payloads_days, 1) between 1 and 36500 and coalesce(email_bodies_days, 1) between 1 and 36500 and coalesce(delivery_logs_days, 1) between 1 and 36500`,
    ),
  ],
).enableRLS();
