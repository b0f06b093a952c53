// The audit log is append-only in the database itself (migration audit_log_append_only): UPDATE,
// DELETE and TRUNCATE fail for whoever runs them — here the table's owner, a superuser on both
// engines (the privileged connection), and the workspace-scoped role the app's work runs as.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import { createCustomer } from '@/lib/customers/create-customer';
import { selectRows } from '@/lib/db/client';
import { PG_AUDIT_APPEND_ONLY, PG_FOREIGN_KEY_VIOLATION, postgresError } from '@/lib/db/postgres-error';
import { describeEachEngine } from '@/test/test-database';

const NOW = new Date('2026-11-22T10:00:00Z');
const ACTOR = { type: 'system', id: null } as const;

async function sqlState(work: Promise<unknown>): Promise<string | null> {
  try {
    await work;
    return null;
  } catch (error) {
    return postgresError(error)?.code ?? `not a postgres error: ${String(error)}`;
  }
}

describeEachEngine('audit_log is append-only', (get) => {
  let customerId: string;
  const installation = () => get().installation;
  /** Every entry, as the owner reads them: id, action and the row's version (xmin changes on any update). */
  const everything = () => selectRows<{ id: number; action: string; xmin: string }>(installation().db, sql`select id, action, xmin::text from audit_log order by id`);

  beforeAll(async () => {
    const customer = await createCustomer(get().db, { name: 'Append Only Ltd', email: 'ap@example.com', currency: 'usd' }, { actor: ACTOR, now: NOW, defaultCurrency: 'usd' });
    customerId = customer.id;
    await writeAuditEntries(get().db, ACTOR, [{ action: 'test.recorded', entityType: 'test', entityId: 'x', details: { before: { a: 1 }, after: { a: 2 } } }]);
  });

  it('the connection is the table owner and a superuser (who would bypass RLS and every grant)', async () => {
    const [who] = await selectRows<{ owner: boolean; superuser: boolean }>(
      installation().db,
      sql`select pg_get_userbyid(c.relowner) = current_user as owner, r.rolsuper as superuser
            from pg_class c, pg_roles r where c.oid = 'public.audit_log'::regclass and r.rolname = current_user`,
    );
    expect(who).toEqual({ owner: true, superuser: true });
  });

  it('UPDATE, DELETE and TRUNCATE fail for the owner, on a bare statement and inside a transaction, and change nothing', async () => {
    const before = await everything();
    expect(before.map((r) => r.action)).toEqual(['customer.created', 'test.recorded']);
    const { db, rawTransaction } = installation();
    const attempts = {
      update: () => db.execute(sql`update audit_log set action = 'forged' where action = 'test.recorded'`),
      updateAll: () => db.execute(sql`update audit_log set details = '{}'::jsonb`),
      delete: () => db.execute(sql`delete from audit_log where action = 'test.recorded'`),
      deleteAll: () => db.execute(sql`delete from audit_log`),
      truncate: () => db.execute(sql`truncate audit_log`),
      truncateCascade: () => db.execute(sql`truncate audit_log cascade`),
      transaction: () => db.transaction((tx) => tx.execute(sql`delete from audit_log`)),
      raw: () => rawTransaction((tx) => tx.query('update audit_log set actor_id = $1', ['someone'])),
    };
    for (const [what, attempt] of Object.entries(attempts)) {
      expect({ what, code: await sqlState(attempt()) }).toEqual({ what, code: PG_AUDIT_APPEND_ONLY });
    }
    expect(await everything()).toEqual(before);
  });

  it('the error says what was refused', async () => {
    await expect(installation().db.execute(sql`delete from audit_log`)).rejects.toThrow();
    const message = await installation()
      .db.execute(sql`update audit_log set action = action`)
      .then(() => '', (error: unknown) => String((error as { cause?: unknown }).cause ?? error));
    expect(message).toContain('audit_log is append-only: UPDATE is not allowed');
  });

  it('the workspace-scoped role the app runs as is refused too, and inserting still works', async () => {
    const before = await everything();
    expect(await sqlState(get().db.execute(sql`update audit_log set action = 'forged'`))).toBe(PG_AUDIT_APPEND_ONLY);
    expect(await sqlState(get().db.execute(sql`delete from audit_log`))).toBe(PG_AUDIT_APPEND_ONLY);
    // TRUNCATE is not even granted to it (it would ignore RLS)
    expect(await sqlState(get().db.execute(sql`truncate audit_log`))).not.toBeNull();
    expect(await everything()).toEqual(before);
    await writeAuditEntries(get().db, ACTOR, [{ action: 'test.appended', entityType: 'test', entityId: 'y' }]);
    expect((await everything()).map((r) => r.action)).toEqual(['customer.created', 'test.recorded', 'test.appended']);
  });

  it('a customer with a history cannot be deleted (the foreign key cascades nothing into the log); pseudonymizing it in place can', async () => {
    expect(await sqlState(installation().db.execute(sql`delete from customers where id = ${customerId}`))).toBe(PG_FOREIGN_KEY_VIOLATION);
    const before = await everything();
    await get().db.execute(sql`update customers set name = 'Erased customer', email = 'erased@invalid' where id = ${customerId}`);
    expect(await everything()).toEqual(before);
  });

  it('the triggers are in place: row-level for UPDATE and DELETE, statement-level for TRUNCATE, enabled', async () => {
    const triggers = await selectRows<{ name: string; enabled: string; definition: string }>(
      installation().db,
      sql`select tgname as name, tgenabled::text as enabled, pg_get_triggerdef(oid) as definition from pg_trigger where tgrelid = 'public.audit_log'::regclass and not tgisinternal order by tgname`,
    );
    expect(triggers.map((t) => [t.name, t.enabled])).toEqual([
      ['audit_log_append_only_rows', 'O'],
      ['audit_log_append_only_truncate', 'O'],
    ]);
    expect(triggers[0]!.definition).toMatch(/BEFORE DELETE OR UPDATE ON public\.audit_log FOR EACH ROW/);
    expect(triggers[1]!.definition).toMatch(/BEFORE TRUNCATE ON public\.audit_log FOR EACH STATEMENT/);
  });
});
