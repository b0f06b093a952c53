// Workspaces on a real database, both engines: creating one (its owner and audit entry inside its
// own scope, slug and Stripe account unique), changing its settings through its own scope, members
// and the last-owner rule, and who may reach which workspace.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { upsertLocalUser } from '@/lib/auth/local-users';
import type { Session } from '@/lib/auth/claims';
import { selectRows } from '@/lib/db/client';
import { auditLog, DEFAULT_WORKSPACE_ID, workspaceMembers } from '@/lib/db/schema';
import { createCustomer } from '@/lib/customers/create-customer';
import { parseEnv } from '@/lib/env';
import { apiError } from '@/test/api-error';
import { describeEachEngine } from '@/test/test-database';
import { addMember } from './add-member';
import { changeMemberRole } from './change-member-role';
import { createWorkspace } from './create-workspace';
import { findCustomerWorkspace } from './customer-workspace';
import { findWorkspace } from './find-workspace';
import { listMembers } from './list-members';
import { removeMember } from './remove-member';
import { sessionWorkspaces } from './session-workspaces';
import { switchableWorkspace } from './switch-workspace';
import { toWorkspaceJson, toWorkspaceSummary } from './to-workspace-json';
import { updateWorkspace } from './update-workspace';
import { workspaceAccess } from './workspace-access';
import { workspaceConfig } from './workspace-config';

const ACTOR = { type: 'user', id: 'admin-test' } as const;
// business time enters as a given instant, as everywhere else
const NOW = new Date('2026-11-22T10:00:00.000Z');
const ENV = parseEnv({});

const sessionOf = (userId: string, isAdmin = false): Session => ({
  userId,
  email: null,
  isAdmin,
  claims: { sub: userId, role: 'authenticated', app_metadata: isAdmin ? { role: 'admin' } : {} },
});

describeEachEngine('workspaces', (get, engine) => {
  const users: Record<'ada' | 'bob' | 'cy' | 'dee', string> = { ada: '', bob: '', cy: '', dee: '' };
  let run = 0;
  const slug = (name: string) => `${name}-${engine}-${++run}`;

  beforeAll(async () => {
    for (const name of Object.keys(users) as (keyof typeof users)[]) {
      users[name] = await upsertLocalUser(get().installation.db, { email: `${name}@example.com`, passwordHash: 'unused', appMetadata: {} });
    }
  });

  it('creates a workspace with its creator as owner and the audit entry inside its own scope', async () => {
    const database = get();
    const created = await createWorkspace(database, { slug: slug('vigint'), name: 'Vigint', default_currency: 'EUR' }, { actor: ACTOR, ownerUserId: users.ada, now: NOW });
    expect(toWorkspaceSummary(created)).toEqual({ id: created.id, slug: created.slug, name: 'Vigint', created: created.createdAt.toISOString() });
    expect(created.defaultCurrency).toBe('eur');

    const scoped = database.inWorkspace(created.id);
    expect(await scoped.db.select({ userId: workspaceMembers.userId, role: workspaceMembers.role }).from(workspaceMembers)).toEqual([
      { userId: users.ada, role: 'owner' },
    ]);
    const audit = await selectRows<{ action: string; details: { slug: string } }>(scoped.db, sql`select action, details from audit_log`);
    expect(audit).toEqual([{ action: 'workspace.created', details: expect.objectContaining({ slug: created.slug, name: 'Vigint' }) }]);
    // the default workspace's scope sees neither
    const elsewhere = await database.db.select().from(auditLog).where(eq(auditLog.entityId, created.id));
    expect(elsewhere).toEqual([]);
    expect(await database.db.select().from(workspaceMembers).where(eq(workspaceMembers.workspaceId, created.id))).toEqual([]);
  });

  it('an API key (no user) creates a workspace without members', async () => {
    const created = await createWorkspace(get(), { slug: slug('keyed'), name: 'Keyed' }, { actor: { type: 'api_key', id: 'k' }, ownerUserId: null, now: NOW });
    expect(await get().inWorkspace(created.id).db.select().from(workspaceMembers)).toEqual([]);
  });

  it('refuses a slug or a Stripe account already in use with a 409 naming the field', async () => {
    const database = get();
    const first = await createWorkspace(database, { slug: slug('acme'), name: 'Acme', stripe_account_id: `acct_${engine}A1` }, { actor: ACTOR, ownerUserId: null, now: NOW });
    const sameSlug = await apiError(createWorkspace(database, { slug: first.slug, name: 'Other' }, { actor: ACTOR, ownerUserId: null, now: NOW }));
    expect(sameSlug).toMatchObject({ status: 409, code: 'workspace_exists', fields: ['slug'] });
    const sameAccount = await apiError(
      createWorkspace(database, { slug: slug('acme'), name: 'Other', stripe_account_id: `acct_${engine}A1` }, { actor: ACTOR, ownerUserId: null, now: NOW }),
    );
    expect(sameAccount).toMatchObject({ status: 409, code: 'stripe_account_taken', fields: ['stripe_account_id'] });
    const badSlug = await apiError(createWorkspace(database, { slug: 'Not A Slug', name: 'X' }, { actor: ACTOR, ownerUserId: null, now: NOW }));
    expect(badSlug).toMatchObject({ status: 422, fields: ['slug'] });
  });

  it('takes back the workspace when its owner cannot be recorded', async () => {
    const database = get();
    const s = slug('orphan');
    await expect(createWorkspace(database, { slug: s, name: 'Orphan' }, { actor: ACTOR, ownerUserId: '00000000-0000-4000-8000-0000000000ff', now: NOW })).rejects.toThrow();
    expect(await findWorkspace(database.installation.db, s)).toBeNull();
  });

  it('changes settings through the workspace’s own scope: only the fields sent, null back to the default', async () => {
    const database = get();
    const created = await createWorkspace(
      database,
      { slug: slug('brand'), name: 'Brand', company: { name: 'Brand Ltd', email: 'billing@brand.example' }, invoice_number_format: 'BR-{number:03d}' },
      { actor: ACTOR, ownerUserId: null, now: NOW },
    );
    const scoped = database.inWorkspace(created.id);
    const changed = await updateWorkspace(
      scoped,
      { name: 'Brand Europe', company: { name: 'Brand Europe B.V.' }, default_tax_rate: '0.21', invoice_number_format: null, payment_terms_days: 30 },
      { actor: ACTOR },
    );
    expect(changed).toMatchObject({ name: 'Brand Europe', companyName: 'Brand Europe B.V.', companyEmail: 'billing@brand.example', invoiceNumberFormat: null, paymentTermsDays: 30 });
    const json = toWorkspaceJson(changed, ENV);
    expect(json).toMatchObject({
      slug: created.slug,
      company: { name: 'Brand Europe B.V.', email: 'billing@brand.example', address_lines: null, tax_id: null },
      default_tax_rate: '0.21',
      invoice_number_format: null,
      effective: { company: { name: 'Brand Europe B.V.' }, default_tax_rate: '0.21', invoice_number_format: 'INV-{year}-{number:04d}', payment_terms_days: 30, default_currency: 'usd' },
    });
    expect(workspaceConfig(changed, ENV).defaultTaxRate).toBe('0.210000');
    const [entry] = await selectRows<{ details: { fields: string[] } }>(scoped.db, sql`select details from audit_log where action = 'workspace.updated'`);
    expect(entry!.details.fields).toEqual(['name', 'company.name', 'default_tax_rate', 'invoice_number_format', 'payment_terms_days']);

    // another workspace's scope cannot see the row, let alone change it
    const fromDefault = await selectRows<{ n: number }>(database.db, sql`select count(*)::int as n from workspaces where id = ${created.id}`);
    expect(fromDefault[0]!.n).toBe(0);
    const touched = await selectRows<{ id: string }>(database.db, sql`update workspaces set name = 'hijacked' where id = ${created.id} returning id`);
    expect(touched).toEqual([]);
    expect((await findWorkspace(database.installation.db, created.id))!.name).toBe('Brand Europe');
  });

  it('refuses a Stripe account another workspace has, on a change too', async () => {
    const database = get();
    const a = await createWorkspace(database, { slug: slug('conn'), name: 'A', stripe_account_id: `acct_${engine}C1` }, { actor: ACTOR, ownerUserId: null, now: NOW });
    const b = await createWorkspace(database, { slug: slug('conn'), name: 'B' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    const error = await apiError(updateWorkspace(database.inWorkspace(b.id), { stripe_account_id: a.stripeAccountId }, { actor: ACTOR }));
    expect(error).toMatchObject({ status: 409, code: 'stripe_account_taken' });
  });

  it('members: existing users only, once each, and the last owner stays', async () => {
    const database = get();
    const w = await createWorkspace(database, { slug: slug('team'), name: 'Team' }, { actor: ACTOR, ownerUserId: users.ada, now: NOW });
    const team = database.inWorkspace(w.id);

    expect(await apiError(addMember(team, { email: 'nobody@example.com', role: 'admin' }, { actor: ACTOR }))).toMatchObject({ status: 422, fields: ['email'] });
    expect(await addMember(team, { email: 'BOB@example.com', role: 'viewer' }, { actor: ACTOR })).toEqual({
      user_id: users.bob,
      email: 'bob@example.com',
      role: 'viewer',
      created: expect.any(String),
    });
    expect(await apiError(addMember(team, { email: 'bob@example.com', role: 'admin' }, { actor: ACTOR }))).toMatchObject({ status: 409, code: 'member_exists' });
    expect((await listMembers(team)).map((m) => [m.email, m.role])).toEqual([
      ['ada@example.com', 'owner'],
      ['bob@example.com', 'viewer'],
    ]);

    // the only owner can be neither demoted nor removed
    expect(await apiError(changeMemberRole(team, users.ada, { role: 'admin' }, { actor: ACTOR }))).toMatchObject({ status: 409, code: 'last_owner' });
    expect(await apiError(removeMember(team, users.ada, { actor: ACTOR }))).toMatchObject({ status: 409, code: 'last_owner' });
    // with a second owner, the first may step down
    expect(await changeMemberRole(team, users.bob, { role: 'owner' }, { actor: ACTOR })).toMatchObject({ role: 'owner', email: 'bob@example.com' });
    expect(await changeMemberRole(team, users.ada, { role: 'viewer' }, { actor: ACTOR })).toMatchObject({ role: 'viewer' });
    expect(await removeMember(team, users.ada, { actor: ACTOR })).toEqual({ user_id: users.ada, removed: true });
    expect(await apiError(removeMember(team, users.ada, { actor: ACTOR }))).toMatchObject({ status: 404 });
    expect(await apiError(changeMemberRole(team, users.cy, { role: 'admin' }, { actor: ACTOR }))).toMatchObject({ status: 404 });
    expect((await listMembers(team)).map((m) => m.email)).toEqual(['bob@example.com']);
    // another workspace's scope sees none of them
    expect(await listMembers(database)).toEqual([]);
    const actions = await selectRows<{ action: string }>(team.db, sql`select action from audit_log where entity_type = 'workspace_member' order by id`);
    expect(actions.map((a) => a.action)).toEqual(['workspace_member.added', 'workspace_member.updated', 'workspace_member.updated', 'workspace_member.removed']);
  });

  if (engine === 'postgres') {
    it('two owners demoting each other at once: one wins, the workspace keeps an owner, nobody deadlocks', async () => {
      const database = get();
      const w = await createWorkspace(database, { slug: slug('race'), name: 'Race' }, { actor: ACTOR, ownerUserId: users.cy, now: NOW });
      const race = database.inWorkspace(w.id);
      await addMember(race, { email: 'dee@example.com', role: 'owner' }, { actor: ACTOR });
      const results = await Promise.allSettled([
        changeMemberRole(race, users.cy, { role: 'admin' }, { actor: ACTOR }),
        changeMemberRole(race, users.dee, { role: 'admin' }, { actor: ACTOR }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(await apiError(Promise.reject(refused.reason))).toMatchObject({ status: 409, code: 'last_owner' });
      expect((await listMembers(race)).filter((m) => m.role === 'owner')).toHaveLength(1);
    });
  }

  it('who reaches which workspace: installation admins every one, members theirs, others none (404)', async () => {
    const database = get();
    const installation = database.installation.db;
    const w = await createWorkspace(database, { slug: slug('reach'), name: 'Reach' }, { actor: ACTOR, ownerUserId: users.cy, now: NOW });
    await addMember(database.inWorkspace(w.id), { email: 'dee@example.com', role: 'viewer' }, { actor: ACTOR });

    const admin = { installationAdmin: true, workspaces: [] };
    expect(await workspaceAccess(installation, admin, w.slug)).toMatchObject({ workspace: { id: w.id }, role: 'owner' });
    expect(await workspaceAccess(installation, admin, DEFAULT_WORKSPACE_ID)).toMatchObject({ workspace: { slug: 'default' }, role: 'owner' });

    const dee = { installationAdmin: false, workspaces: await sessionWorkspaces(installation, sessionOf(users.dee)) };
    expect(await workspaceAccess(installation, dee, w.id)).toMatchObject({ role: 'viewer' });
    expect(await apiError(workspaceAccess(installation, dee, DEFAULT_WORKSPACE_ID))).toMatchObject({ status: 404 });
    expect(await apiError(workspaceAccess(installation, admin, 'no-such-workspace'))).toMatchObject({ status: 404 });

    // the switcher: a member moves to their workspace; someone else's is 403; an unknown one 404
    expect(await switchableWorkspace(installation, sessionOf(users.dee), w.slug)).toMatchObject({ role: 'viewer' });
    expect(await switchableWorkspace(installation, sessionOf(users.bob, true), w.slug)).toMatchObject({ role: 'owner' });
    expect(await apiError(switchableWorkspace(installation, sessionOf(users.dee), 'default'))).toMatchObject({ status: 403 });
    expect(await apiError(switchableWorkspace(installation, sessionOf(users.dee), 'no-such-workspace'))).toMatchObject({ status: 404 });
    expect(await apiError(switchableWorkspace(installation, sessionOf(users.dee), '../etc'))).toMatchObject({ status: 404 });
  });

  it('a customer works in the workspace their billing account is in', async () => {
    const database = get();
    const w = await createWorkspace(database, { slug: slug('shop'), name: 'Shop', default_tax_rate: '0.09' }, { actor: ACTOR, ownerUserId: null, now: NOW });
    const customer = await createCustomer(database.inWorkspace(w.id).db, { name: 'Shopper', email: 'shopper@example.com' }, { actor: ACTOR, now: NOW, defaultCurrency: 'usd' });
    expect(await findCustomerWorkspace(database.installation.db, users.dee)).toBeNull();
    await database.installation.db.execute(sql`update customers set user_id = ${users.dee} where id = ${customer.id}`);
    const found = await findCustomerWorkspace(database.installation.db, users.dee);
    expect(found).toMatchObject({ id: w.id });
    expect(workspaceConfig(found!, ENV).defaultTaxRate).toBe('0.090000');
  });
});
