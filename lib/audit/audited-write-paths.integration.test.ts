// Every write that changes money, state or access leaves an audit entry naming who did it, what it
// was before and after, and why where there is a why. Each path below runs through the product's own
// domain function; the suite fails when one of them stops auditing, or stops recording its change.
// Entries must hold no personal data either (the log is append-only, so nothing in it can be erased).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import { createApiKey } from '@/lib/api-keys/create-api-key';
import { revokeApiKey } from '@/lib/api-keys/revoke-api-key';
import { createAlertRule } from '@/lib/alerts/create-alert-rule';
import { deleteAlertRule } from '@/lib/alerts/delete-alert-rule';
import { updateAlertRule } from '@/lib/alerts/update-alert-rule';
import { upsertLocalUser } from '@/lib/auth/local-users';
import { removeBudget } from '@/lib/budgets/remove-budget';
import { setBudget } from '@/lib/budgets/set-budget';
import { createMetric } from '@/lib/catalog/create-metric';
import { createPlan } from '@/lib/catalog/create-plan';
import { updateMetric } from '@/lib/catalog/update-metric';
import { updatePlan } from '@/lib/catalog/update-plan';
import { createCustomer } from '@/lib/customers/create-customer';
import { updateCustomer } from '@/lib/customers/update-customer';
import type { Database } from '@/lib/db/client';
import { parseEnv } from '@/lib/env';
import { createCreditNote } from '@/lib/invoicing/credit-notes';
import { changeInvoiceStatus } from '@/lib/invoicing/invoice-lifecycle';
import { createOneTimeInvoice } from '@/lib/invoicing/one-time-invoice';
import { recordPayment } from '@/lib/payments/record-payment';
import { changeSubscriptionPlan } from '@/lib/subscriptions/change-plan';
import { createSubscription } from '@/lib/subscriptions/create-subscription';
import { updateSubscription } from '@/lib/subscriptions/update-subscription';
import { DAY_MS } from '@/lib/time/utc-day';
import { correctUsageEvent } from '@/lib/usage/correct-usage-event';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { createWebhookEndpoint } from '@/lib/webhooks/create-webhook-endpoint';
import { deleteWebhookEndpoint } from '@/lib/webhooks/delete-webhook-endpoint';
import { updateWebhookEndpoint } from '@/lib/webhooks/update-webhook-endpoint';
import type { HostLookup } from '@/lib/webhooks/webhook-url-safety';
import { addMember } from '@/lib/workspaces/add-member';
import { changeMemberRole } from '@/lib/workspaces/change-member-role';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { removeMember } from '@/lib/workspaces/remove-member';
import { workspaceConfig } from '@/lib/workspaces/workspace-config';
import type { BillingConfig } from '@/lib/config/billing-config';
import { describeEachEngine } from '@/test/test-database';
import { listAuditEntries, type AuditEntryJson } from './list-audit-entries';

const NOW = new Date('2026-11-22T10:00:00Z');
const ADMIN: Actor = { type: 'user', id: '00000000-0000-4000-8000-0000000ad000' };
const CUSTOMER_NAME = 'Personal Name GmbH';
const CUSTOMER_EMAIL = 'private.person@example.com';
const MEMBER_EMAIL = 'member.person@example.com';
const publicDns: HostLookup = async () => [{ address: '93.184.215.14', family: 4 }];
const urls = { allowPrivateUrls: false, lookup: publicDns };

describeEachEngine('every write that changes money, state or access is audited', (get) => {
  let database: Database;
  let config: BillingConfig;
  let customerId: string;
  let entries: AuditEntryJson[] = [];
  /** what each path wrote: its action and entity */
  const ran: { path: string; action: string; entityId: string }[] = [];
  const did = (path: string, action: string, entityId: string) => ran.push({ path, action, entityId });

  beforeAll(async () => {
    const workspace = await createWorkspace(get(), { slug: 'audited', name: 'Audited' }, { actor: ADMIN, ownerUserId: null, now: NOW });
    database = get().inWorkspace(workspace.id);
    config = workspaceConfig(workspace, parseEnv({}));
    const { db } = database;
    const day = (n: number) => new Date(NOW.getTime() + n * DAY_MS);

    // catalog
    const metric = await createMetric(db, { code: 'calls', name: 'Calls', unit: 'call', aggregation: 'sum' }, { actor: ADMIN, defaultCurrency: 'usd' });
    did('metric create', 'metric.created', metric.id);
    await updateMetric(db, 'calls', { name: 'API calls' }, { actor: ADMIN, defaultCurrency: 'usd' });
    did('metric update', 'metric.updated', metric.id);
    const basic = await createPlan(db, { code: 'basic', name: 'Basic', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '10' }, { metric: 'calls', model: 'per_unit', unit_price: '0.01' }] }, ADMIN);
    did('plan create', 'plan.created', basic.id);
    const basic2 = await updatePlan(db, 'basic', { name: 'Basic+', trial_days: 0 }, ADMIN);
    did('plan update', 'plan.versioned', basic2.id);
    await createPlan(db, { code: 'pro', name: 'Pro', currency: 'usd', interval: 'month', charges: [{ metric: null, model: 'flat', amount: '50' }] }, ADMIN);

    // customers
    const customer = await createCustomer(db, { name: CUSTOMER_NAME, email: CUSTOMER_EMAIL, external_id: 'crm-private-42', currency: 'usd', tax_exempt: true }, { actor: ADMIN, now: day(-10), defaultCurrency: 'usd' });
    customerId = customer.id;
    did('customer create', 'customer.created', customerId);
    await updateCustomer(db, customerId, { country: 'DE', name: `${CUSTOMER_NAME} II`, email: `new.${CUSTOMER_EMAIL}` }, { actor: ADMIN, now: NOW });
    did('customer update', 'customer.updated', customerId);
    await updateCustomer(db, customerId, { status: 'suspended' }, { actor: ADMIN, now: NOW });
    did('customer suspend', 'customer.updated', customerId);

    // subscriptions
    const subscription = await createSubscription(db, { customer_id: customerId, plan_code: 'basic', start_date: day(-5).toISOString() }, { actor: ADMIN, now: NOW, config });
    did('subscription create', 'subscription.created', subscription.id);
    await ingestUsageEvents(database, [{ id: 'evt-1', customer_id: customerId, metric: 'calls', quantity: '100', timestamp: day(-1).toISOString() }], { now: NOW });
    await correctUsageEvent(db, { action: 'adjust', customer_id: customerId, event_id: 'evt-1', quantity: '40', reason: 'double-counted by the client' }, { actor: ADMIN, now: NOW });
    did('usage correction', 'usage_event.adjusted', 'evt-1');
    await changeSubscriptionPlan(db, subscription.id, 'pro', { actor: ADMIN, now: new Date(NOW.getTime() + 3_600_000), config });
    did('subscription change', 'subscription.plan_changed', subscription.id);
    await updateSubscription(db, subscription.id, { cancel_at_period_end: true }, { actor: ADMIN, now: new Date(NOW.getTime() + 7_200_000) });
    did('subscription cancel', 'subscription.cancel_scheduled', subscription.id);
    await updateSubscription(db, subscription.id, { cancel_at_period_end: false }, { actor: ADMIN, now: new Date(NOW.getTime() + 7_300_000) });
    did('subscription resume', 'subscription.resumed', subscription.id);

    // invoices
    const oneTime = (amount: string) => createOneTimeInvoice(db, { customer_id: customerId, items: [{ description: 'Setup', quantity: '1', unit_price: amount }], finalize: false }, { now: NOW, config, actor: ADMIN });
    const paidOne = await oneTime('100');
    did('one-time invoice', 'invoice.created', paidOne.id);
    await changeInvoiceStatus(db, paidOne.id, { status: 'open' }, { now: NOW, actor: ADMIN, config });
    did('invoice finalize', 'invoice.finalized', paidOne.id);
    await createCreditNote(db, paidOne.id, { reason: 'goodwill for the outage', amount: '10' }, { now: NOW, config, actor: ADMIN });
    did('credit note', 'credit_note.created', paidOne.id);
    await recordPayment(db, paidOne.id, { method: 'bank_transfer', reference: 'BANK-1' }, { now: NOW, config, actor: ADMIN });
    did('invoice pay', 'invoice.paid', paidOne.id);
    const voided = await oneTime('20');
    await changeInvoiceStatus(db, voided.id, { status: 'open' }, { now: NOW, actor: ADMIN, config });
    await changeInvoiceStatus(db, voided.id, { status: 'void' }, { now: NOW, actor: ADMIN, config });
    did('invoice void', 'invoice.voided', voided.id);
    const writtenOff = await oneTime('30');
    await changeInvoiceStatus(db, writtenOff.id, { status: 'open' }, { now: NOW, actor: ADMIN, config });
    await changeInvoiceStatus(db, writtenOff.id, { status: 'uncollectible' }, { now: NOW, actor: ADMIN, config });
    did('invoice uncollectible', 'invoice.marked_uncollectible', writtenOff.id);
    await changeInvoiceStatus(db, writtenOff.id, { status: 'paid', payment_reference: 'LATE-1' }, { now: NOW, actor: ADMIN, config });
    did('invoice marked paid', 'invoice.marked_paid', writtenOff.id);

    // access: API keys and members
    const key = await createApiKey(db, { name: 'CI', scopes: ['usage:write'] }, ADMIN);
    did('api key create', 'api_key.created', key.id);
    await revokeApiKey(db, key.id, ADMIN, NOW);
    did('api key revoke', 'api_key.revoked', key.id);
    const userId = await upsertLocalUser(get().installation.db, { email: MEMBER_EMAIL, passwordHash: 'unused', appMetadata: {} });
    await addMember(database, { email: MEMBER_EMAIL, role: 'viewer' }, { actor: ADMIN });
    did('member add', 'workspace_member.added', userId);
    await changeMemberRole(database, userId, { role: 'admin' }, { actor: ADMIN });
    did('member role', 'workspace_member.updated', userId);
    await removeMember(database, userId, { actor: ADMIN });
    did('member remove', 'workspace_member.removed', userId);

    // webhook endpoints
    const endpoint = await createWebhookEndpoint(db, { url: 'https://hooks.audited.example/in', events: ['invoice.paid'] }, { actor: ADMIN, ...urls });
    did('webhook endpoint create', 'webhook_endpoint.created', endpoint.id);
    await updateWebhookEndpoint(db, endpoint.id, { enabled: false }, { actor: ADMIN, ...urls });
    did('webhook endpoint update', 'webhook_endpoint.updated', endpoint.id);
    await deleteWebhookEndpoint(db, endpoint.id, { actor: ADMIN });
    did('webhook endpoint delete', 'webhook_endpoint.deleted', endpoint.id);

    // budgets and alert rules
    await setBudget(db, customerId, { amount: '100' }, { actor: ADMIN, now: NOW });
    did('budget set', 'budget.set', customerId);
    await removeBudget(db, customerId, { actor: ADMIN });
    did('budget remove', 'budget.removed', customerId);
    const rule = await createAlertRule(db, { name: 'Big day', kind: 'usage_amount', window: 'day', threshold: '250', currency: 'usd' }, { actor: ADMIN });
    did('alert rule create', 'alert_rule.created', rule.id);
    await updateAlertRule(db, rule.id, { threshold: '300' }, { actor: ADMIN });
    did('alert rule update', 'alert_rule.updated', rule.id);
    await deleteAlertRule(db, rule.id, { actor: ADMIN });
    did('alert rule delete', 'alert_rule.deleted', rule.id);

    entries = (await listAuditEntries(db, { limit: 100 })).data;
    // one page held them all (the list's cap is 100)
    expect(entries.length).toBeLessThan(100);
  });

  /** The path's entry: for credit notes the entry is the note's, naming the invoice. */
  const entryOf = (r: { action: string; entityId: string }) =>
    entries.find((e) => e.action === r.action && (e.entity_id === r.entityId || e.details.invoice_id === r.entityId));

  it('each path wrote its entry, by the admin who acted', () => {
    const missing = ran.filter((r) => !entryOf(r)).map((r) => r.path);
    expect(missing).toEqual([]);
    for (const r of ran) expect({ path: r.path, actor: entryOf(r)!.actor }).toEqual({ path: r.path, actor: ADMIN });
  });

  it('each entry says what changed: an after for what was made, a before for what was removed, both for a change', () => {
    const removed = new Set(['workspace_member.removed', 'webhook_endpoint.deleted', 'budget.removed', 'alert_rule.deleted']);
    // budget.set is an upsert: the first one has nothing before
    const created = new Set(['budget.set', 'metric.created', 'plan.created', 'customer.created', 'subscription.created', 'invoice.created', 'api_key.created', 'workspace_member.added', 'webhook_endpoint.created', 'alert_rule.created']);
    for (const r of ran) {
      const { changes } = entryOf(r)!;
      const shape = { path: r.path, before: changes.before !== null, after: changes.after !== null };
      if (removed.has(r.action)) expect(shape).toEqual({ path: r.path, before: true, after: false });
      else if (created.has(r.action)) expect(shape).toEqual({ path: r.path, before: shape.before, after: true });
      else expect(shape).toEqual({ path: r.path, before: true, after: true });
    }
  });

  it('records the values that moved, and the reason where one was given', () => {
    const changes = (action: string, entityId?: string) => entries.find((e) => e.action === action && (!entityId || e.entity_id === entityId))!.changes;
    const [suspension, profile] = entries.filter((e) => e.action === 'customer.updated');
    expect(suspension!.changes).toEqual({ before: { status: 'active' }, after: { status: 'suspended' }, reason: 'suspended by hand' });
    expect(profile!.changes).toEqual({ before: { country: null }, after: { country: 'DE' }, reason: null });
    expect(profile!.details).toMatchObject({ fields: ['name', 'email', 'country'], personal_fields: ['name', 'email'] });
    expect(changes('usage_event.adjusted')).toEqual({ before: { quantity: '100', voided: false }, after: { quantity: '40', voided: false }, reason: 'double-counted by the client' });
    expect(changes('subscription.plan_changed')).toMatchObject({ before: { plan: 'basic v2' }, after: { plan: 'pro v1' } });
    expect(changes('invoice.voided')).toMatchObject({ before: { status: 'open', amount_due: '20.00' }, after: { status: 'void', amount_due: '0.00' } });
    expect(changes('invoice.paid')).toMatchObject({ before: { status: 'open', amount_due: '90.00' }, after: { status: 'paid', amount_due: '0.00' } });
    expect(changes('credit_note.created')).toMatchObject({ before: { invoice_amount_due: '100.00' }, after: { invoice_amount_due: '90.00' }, reason: 'goodwill for the outage' });
    expect(changes('workspace_member.updated')).toEqual({ before: { role: 'viewer' }, after: { role: 'admin' }, reason: null });
    expect(changes('plan.versioned')).toMatchObject({ before: { version: 1, name: 'Basic' }, after: { version: 2, name: 'Basic+' } });
    expect(changes('api_key.revoked')).toEqual({ before: { revoked_at: null }, after: { revoked_at: NOW.toISOString() }, reason: null });
  });

  describe('no personal data in the append-only log', () => {
    it('names customers and members by id only: no name, email or external id anywhere in an entry', () => {
      const text = JSON.stringify(entries);
      for (const personal of [CUSTOMER_NAME, CUSTOMER_EMAIL, MEMBER_EMAIL, 'crm-private-42']) expect(text).not.toContain(personal);
    });
  });
});
