import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { postgresError, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { customers } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { createCustomerSchema, type CreateCustomerInput } from './customer-schemas';

/** external_id is the operator's own id for the customer; two customers cannot share one. */
export function rethrowExternalIdTaken(error: unknown, externalId: string | null | undefined): never {
  const pg = postgresError(error);
  if (pg?.code === PG_UNIQUE_VIOLATION && (pg.constraint === undefined || pg.constraint === 'customers_external_id_key')) {
    throw new BillingError({
      code: 'customer_exists',
      status: 409,
      message: `A customer with external_id ${externalId} already exists`,
      details: [{ field: 'external_id', message: 'is taken' }],
    });
  }
  throw error;
}

/** A new customer; audit-logged. */
export async function createCustomer(db: Queryable, input: CreateCustomerInput, { actor, now, defaultCurrency }: { actor: Actor; now: Date; defaultCurrency: string }) {
  const c = createCustomerSchema.parse(input);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(customers)
        .values({
          externalId: c.external_id ?? null,
          name: c.name,
          email: c.email,
          billingEmails: c.billing_emails,
          currency: c.currency ?? defaultCurrency,
          country: c.country ?? null,
          addressLines: c.address_lines,
          taxRate: c.tax_rate ?? null,
          taxExempt: c.tax_exempt,
          taxId: c.tax_id ?? null,
          paymentMethod: c.payment_method,
          status: c.status,
          suspendedAt: c.status === 'suspended' ? now : null,
          // the customer's own clock, not the database's: an import or the demo creates customers in the past
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await writeAuditEntries(tx, actor, [
        {
          action: 'customer.created',
          entityType: 'customer',
          entityId: row!.id,
          customerId: row!.id,
          // the operator's id for the customer is personal data, which the append-only log must not keep
          details: { external_id_set: row!.externalId !== null },
        },
      ]);
      return row!;
    });
  } catch (error) {
    rethrowExternalIdTaken(error, c.external_id);
  }
}
