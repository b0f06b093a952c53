// insertRows stores what Drizzle's values() would, and answers rows exactly as a Drizzle select reads them.
import { eq, inArray } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describeEachEngine } from '@/test/test-database';
import { insertRows, insertRowsReturning } from './insert-rows';
import { auditLog, customers, invoices } from './schema';

describeEachEngine('insertRows', (get) => {
  it('stores money, dates, JSON, booleans and nulls as given, defaults for the rest, and reads them back as a select does', async () => {
    const { db } = get();
    const [customer] = await db.insert(customers).values({ name: 'Rows', email: 'rows@example.com', currency: 'eur' }).returning();
    const row = (memo: string | null, total: string) => ({
      customerId: customer!.id,
      kind: 'one_time' as const,
      currency: 'eur',
      periodStart: new Date('2026-10-01T00:00:00.123Z'),
      subtotal: total,
      taxExempt: true,
      total,
      amountDue: total,
      buyer: { name: 'Rows “GmbH”', email: 'rows@example.com', address_lines: ['Straße 1', 'Berlin'], country: 'DE', tax_id: null },
      memo,
    });
    const stored = await insertRowsReturning(db, invoices, [row('first\nline', '0.000001'), row(null, '123456789012345678.123456')]);
    const selected = await db.select().from(invoices).where(inArray(invoices.id, stored.map((s) => s.id)));
    const byId = (list: typeof stored) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(stored)).toEqual(byId(selected));
    const first = stored.find((s) => s.memo === 'first\nline')!;
    expect(first).toMatchObject({ status: 'draft', subtotal: '0.000001', taxExempt: true, tax: '0.000000', number: null, dueDate: null });
    expect(first.periodStart!.toISOString()).toBe('2026-10-01T00:00:00.123Z');
    expect(first.buyer!.address_lines).toEqual(['Straße 1', 'Berlin']);
    expect(stored.find((s) => s.memo === null)!.total).toBe('123456789012345678.123456');
  });

  it('refuses rows that name different columns and writes none of them', async () => {
    const { db } = get();
    const entry = { actorType: 'system' as const, action: 'test.rows', entityType: 'test', entityId: 'rows-mismatch', details: {} };
    await expect(insertRows(db, auditLog, [{ ...entry, actorId: 'a' }, entry])).rejects.toThrow('every row must name the same columns');
    await expect(insertRows(db, auditLog, [entry, { ...entry, actorId: 'a' }])).rejects.toThrow('every row must name the same columns');
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, 'rows-mismatch'))).toEqual([]);
    await insertRows(db, auditLog, [entry, entry]);
    expect(await db.select().from(auditLog).where(eq(auditLog.entityId, 'rows-mismatch'))).toHaveLength(2);
  });
});
