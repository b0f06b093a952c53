// The audit log as the API lists it, on a real database: newest first in the contract's shape
// (changes = before/after/reason), filtered by entity, action, customer and actor, paged with
// starting_after; bad or unknown parameters are 422s naming the field; another workspace's entries
// are never listed, whatever the filters or the cursor say.
import { beforeAll, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit/actor';
import type { Database } from '@/lib/db/client';
import { customers } from '@/lib/db/schema';
import { createWorkspace } from '@/lib/workspaces/create-workspace';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { listAuditEntries, listAuditEntriesQuery } from './list-audit-entries';
import { writeAuditEntries } from './write-audit-entries';

const NOW = new Date('2026-11-22T10:00:00Z');
const SYSTEM: Actor = { type: 'system', id: null };
const ALICE: Actor = { type: 'user', id: '00000000-0000-4000-8000-00000000a11c' };
const KEY: Actor = { type: 'api_key', id: 'key_1' };
const minutesAgo = (n: number) => new Date(NOW.getTime() - n * 60_000);

describeEachEngine('the audit log list', (get) => {
  // workspaces of their own, so the lists hold exactly what this suite wrote
  let ours: Database;
  let theirs: Database;
  let acme: string;
  let globex: string;
  let theirCustomer: string;

  beforeAll(async () => {
    const a = await createWorkspace(get(), { slug: 'audit-a', name: 'Audit A' }, { actor: SYSTEM, ownerUserId: null, now: minutesAgo(60) });
    const b = await createWorkspace(get(), { slug: 'audit-b', name: 'Audit B' }, { actor: SYSTEM, ownerUserId: null, now: minutesAgo(60) });
    ours = get().inWorkspace(a.id);
    theirs = get().inWorkspace(b.id);
    const made = await ours.db
      .insert(customers)
      .values([
        { name: 'Acme', email: 'ap@acme.example', currency: 'usd' },
        { name: 'Globex', email: 'ap@globex.example', currency: 'usd' },
      ])
      .returning();
    [acme, globex] = [made[0]!.id, made[1]!.id];
    const [other] = await theirs.db.insert(customers).values({ name: 'Initech', email: 'ap@initech.example', currency: 'usd' }).returning();
    theirCustomer = other!.id;
    // oldest first; `at` dates each one (and queues no notification)
    await writeAuditEntries(ours.db, ALICE, [
      { action: 'customer.updated', entityType: 'customer', entityId: acme, customerId: acme, details: { fields: ['status'], before: { status: 'active' }, after: { status: 'suspended' } }, at: minutesAgo(50) },
    ]);
    await writeAuditEntries(ours.db, SYSTEM, [
      { action: 'invoice.finalized', entityType: 'invoice', entityId: 'inv_1', customerId: acme, details: { number: 'INV-1', before: { status: 'draft' }, after: { status: 'open' } }, at: minutesAgo(40) },
    ]);
    await writeAuditEntries(ours.db, KEY, [
      { action: 'invoice.voided', entityType: 'invoice', entityId: 'inv_1', customerId: acme, details: { before: { status: 'open' }, after: { status: 'void' }, reason: 'duplicate' }, at: minutesAgo(30) },
      { action: 'customer.updated', entityType: 'customer', entityId: globex, customerId: globex, details: { before: { country: 'NL' }, after: { country: 'DE' } }, at: minutesAgo(20) },
    ]);
    await writeAuditEntries(ours.db, ALICE, [{ action: 'api_key.created', entityType: 'api_key', entityId: 'key_2', details: { after: { name: 'CI', scopes: ['usage:write'] } }, at: minutesAgo(10) }]);
    await writeAuditEntries(theirs.db, ALICE, [
      { action: 'customer.updated', entityType: 'customer', entityId: theirCustomer, customerId: theirCustomer, details: { before: { status: 'active' }, after: { status: 'suspended' } }, at: minutesAgo(15) },
      { action: 'invoice.voided', entityType: 'invoice', entityId: 'inv_1', details: { before: { status: 'open' }, after: { status: 'void' } }, at: minutesAgo(5) },
    ]);
  });

  const list = (query: Record<string, string> = {}, db = ours.db) => listAuditEntries(db, listAuditEntriesQuery.parse(query));
  const actions = (page: { data: { action: string; entity_id: string | null }[] }) => page.data.map((e) => `${e.action}:${e.entity_id}`);

  it('lists the workspace’s entries newest first in the API’s shape, changes being before/after/reason', async () => {
    const page = await list();
    expect(page.has_more).toBe(false);
    // createWorkspace's own entry is the oldest (`at` = an hour ago), written in this workspace too
    expect(actions(page)).toEqual([
      'api_key.created:key_2',
      `customer.updated:${globex}`,
      'invoice.voided:inv_1',
      'invoice.finalized:inv_1',
      `customer.updated:${acme}`,
      expect.stringMatching(/^workspace\.created:/),
    ]);
    expect(page.data[2]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      at: minutesAgo(30).toISOString(),
      actor: { type: 'api_key', id: 'key_1' },
      action: 'invoice.voided',
      entity_type: 'invoice',
      entity_id: 'inv_1',
      customer_id: acme,
      changes: { before: { status: 'open' }, after: { status: 'void' }, reason: 'duplicate' },
      details: {},
    });
    // what is not before, after or reason stays in details; no before recorded is null
    expect(page.data[3]!.details).toEqual({ number: 'INV-1' });
    expect(page.data[0]!.changes).toEqual({ before: null, after: { name: 'CI', scopes: ['usage:write'] }, reason: null });
  });

  it('filters by entity type and id, action, customer and actor, together too', async () => {
    expect(actions(await list({ entity_type: 'invoice' }))).toEqual(['invoice.voided:inv_1', 'invoice.finalized:inv_1']);
    expect(actions(await list({ entity_type: 'customer', entity_id: acme }))).toEqual([`customer.updated:${acme}`]);
    expect(actions(await list({ entity_id: 'inv_1', action: 'invoice.voided' }))).toEqual(['invoice.voided:inv_1']);
    expect(actions(await list({ action: 'customer.updated' }))).toEqual([`customer.updated:${globex}`, `customer.updated:${acme}`]);
    expect(actions(await list({ customer_id: acme }))).toEqual(['invoice.voided:inv_1', 'invoice.finalized:inv_1', `customer.updated:${acme}`]);
    expect(actions(await list({ actor_type: 'user' }))).toEqual(['api_key.created:key_2', `customer.updated:${acme}`]);
    expect(actions(await list({ actor_type: 'user', actor_id: ALICE.id! }))).toEqual(['api_key.created:key_2', `customer.updated:${acme}`]);
    expect(actions(await list({ actor_id: 'key_1', customer_id: globex }))).toEqual([`customer.updated:${globex}`]);
    expect((await list({ entity_type: 'plan' })).data).toEqual([]);
    // an HTML form's empty "All" is no filter
    expect((await list({ entity_type: '', action: '', actor_type: '' })).data).toHaveLength(6);
  });

  it('pages with limit and starting_after, keeping the filters', async () => {
    const first = await list({ limit: '2' });
    expect(actions(first)).toEqual(['api_key.created:key_2', `customer.updated:${globex}`]);
    expect(first.has_more).toBe(true);
    const second = await list({ limit: '2', starting_after: first.data[1]!.id });
    expect(actions(second)).toEqual(['invoice.voided:inv_1', 'invoice.finalized:inv_1']);
    expect(second.has_more).toBe(true);
    const last = await list({ limit: '2', starting_after: second.data[1]!.id });
    expect(last.data).toHaveLength(2);
    expect(last.has_more).toBe(false);
    const filtered = await list({ customer_id: acme, limit: '1', starting_after: second.data[0]!.id });
    expect(actions(filtered)).toEqual(['invoice.finalized:inv_1']);
    expect(filtered.has_more).toBe(true);
  });

  it('refuses unknown parameters and malformed values with 422 naming the field', async () => {
    const refused = (query: Record<string, string>) => apiError(Promise.resolve().then(() => listAuditEntriesQuery.parse(query)));
    expect(await refused({ entity: 'invoice' })).toMatchObject({ status: 422, fields: ['entity'] });
    expect(await refused({ actor_type: 'robot' })).toMatchObject({ status: 422, fields: ['actor_type'], messages: [expect.stringContaining('user, api_key, cron, stripe, system, cli')] });
    expect(await refused({ entity_type: 'Invoice; drop table' })).toMatchObject({ status: 422, fields: ['entity_type'] });
    expect(await refused({ action: 'invoice finalized' })).toMatchObject({ status: 422, fields: ['action'] });
    expect(await refused({ customer_id: 'acme' })).toMatchObject({ status: 422, fields: ['customer_id'] });
    expect(await refused({ starting_after: 'abc' })).toMatchObject({ status: 422, fields: ['starting_after'] });
    expect(await refused({ starting_after: '-1' })).toMatchObject({ status: 422, fields: ['starting_after'] });
    expect(await refused({ limit: '0' })).toMatchObject({ status: 422, fields: ['limit'] });
    expect(await refused({ limit: '101' })).toMatchObject({ status: 422, fields: ['limit'] });
    expect(await refused({ limit: 'ten' })).toMatchObject({ status: 422, fields: ['limit'] });
    expect(await refused({ entity_id: 'x'.repeat(201) })).toMatchObject({ status: 422, fields: ['entity_id'] });
  });

  it('never lists another workspace’s entries: not by its entity or customer id, not past its cursor', async () => {
    const mine = await list({}, theirs.db);
    expect(actions(mine)).toEqual(['invoice.voided:inv_1', `customer.updated:${theirCustomer}`, expect.stringMatching(/^workspace\.created:/)]);
    // the same entity id exists in both: each sees its own
    expect((await list({ entity_id: 'inv_1' })).data.every((e) => e.actor.type !== 'user')).toBe(true);
    expect((await list({ entity_id: 'inv_1' }, theirs.db)).data.map((e) => e.actor)).toEqual([ALICE]);
    expect((await list({ customer_id: theirCustomer })).data).toEqual([]);
    expect((await list({ entity_id: theirCustomer })).data).toEqual([]);
    // a cursor that is their entry is no entry here: an empty page, not their neighbours
    expect((await list({ starting_after: mine.data[0]!.id })).data).toEqual([]);
    const ourIds = new Set((await list()).data.map((e) => e.id));
    expect(mine.data.some((e) => ourIds.has(e.id))).toBe(false);
  });
});
