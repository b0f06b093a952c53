import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '@/lib/audit/actor';
import { writeAuditEntries } from '@/lib/audit/write-audit-entries';
import type { Queryable } from '@/lib/db/client';
import { customers, invoices, subscriptions } from '@/lib/db/schema';
import { BillingError } from '@/lib/errors/billing-error';
import { isPersonalCustomerField } from '@/lib/privacy/personal-fields';
import { rethrowExternalIdTaken } from './create-customer';
import { toCustomerView, updateCustomerSchema, type CustomerView, type UpdateCustomerInput } from './customer-schemas';
import { getCustomerOrThrow } from './get-customer-or-throw';

const LIVE = ['trialing', 'active', 'past_due'] as const;

/** Changes the given fields of a customer; audit-logged with the fields that changed. */
export async function updateCustomer(db: Queryable, id: string, input: UpdateCustomerInput, { actor, now }: { actor: Actor; now: Date }) {
  const change = updateCustomerSchema.parse(input);
  try {
    return await db.transaction(async (tx) => {
      const before = await getCustomerOrThrow(tx, id, { lock: true });
      // Invoices and subscriptions are in the customer's currency; changing it under them would bill a
      // euro plan in dollars. A customer with neither may still change it.
      if (change.currency !== undefined && change.currency !== before.currency) {
        const [live] = await tx
          .select({ id: subscriptions.id })
          .from(subscriptions)
          .where(and(eq(subscriptions.customerId, id), inArray(subscriptions.status, [...LIVE]), isNull(subscriptions.endedAt)))
          .limit(1);
        const [invoiced] = await tx.select({ id: invoices.id }).from(invoices).where(eq(invoices.customerId, id)).limit(1);
        if (live || invoiced) {
          throw new BillingError({
            code: 'currency_locked',
            status: 409,
            message: 'The customer has a subscription or invoices in its currency; the currency cannot change',
            details: [{ field: 'currency', message: `stays ${before.currency}` }],
          });
        }
      }
      const [row] = await tx
        .update(customers)
        .set({
          ...(change.external_id === undefined ? {} : { externalId: change.external_id }),
          ...(change.name === undefined ? {} : { name: change.name }),
          ...(change.email === undefined ? {} : { email: change.email }),
          ...(change.billing_emails === undefined ? {} : { billingEmails: change.billing_emails }),
          // new addresses deserve a new chance: the bounce was about the old ones
          ...(change.email !== undefined || change.billing_emails !== undefined ? { emailBouncedAt: null, emailBounceReason: null } : {}),
          ...(change.currency === undefined ? {} : { currency: change.currency }),
          ...(change.country === undefined ? {} : { country: change.country }),
          ...(change.address_lines === undefined ? {} : { addressLines: change.address_lines }),
          ...(change.tax_rate === undefined ? {} : { taxRate: change.tax_rate }),
          ...(change.tax_exempt === undefined ? {} : { taxExempt: change.tax_exempt }),
          ...(change.tax_id === undefined ? {} : { taxId: change.tax_id }),
          ...(change.payment_method === undefined ? {} : { paymentMethod: change.payment_method }),
          ...(change.status === undefined || change.status === before.status
            ? {}
            : { status: change.status, suspendedAt: change.status === 'suspended' ? now : null }),
          updatedAt: sql`now()`,
        })
        .where(eq(customers.id, id))
        .returning();
      // the changed fields as the API shows them, before and after, so the log says what was replaced;
      // personal data (name, emails, address, tax id) only by name: the log outlives an erasure
      const fields = Object.keys(change) as (keyof UpdateCustomerInput & keyof CustomerView)[];
      const [was, is] = [toCustomerView(before), toCustomerView(row!)];
      const logged = fields.filter((f) => !isPersonalCustomerField(f));
      await writeAuditEntries(tx, actor, [
        {
          action: 'customer.updated',
          entityType: 'customer',
          entityId: id,
          customerId: id,
          details: { fields, before: Object.fromEntries(logged.map((f) => [f, was[f]])), after: Object.fromEntries(logged.map((f) => [f, is[f]])) },
        },
      ]);
      return row!;
    });
  } catch (error) {
    rethrowExternalIdTaken(error, change.external_id);
  }
}
