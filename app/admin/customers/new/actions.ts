'use server';
// A new customer from /admin/customers/new, through the same createCustomer as `POST
// /api/admin/billing/customers`: the same schema, the same refusal of a taken external id, the same
// audit entry. A viewer is refused here whatever the page shows.
import { redirect } from 'next/navigation';
import { createCustomer } from '@/lib/customers/create-customer';
import { createCustomerInputOf, readCustomerForm } from '@/lib/customers/customer-form';
import { actingAdmin } from '@/lib/admin-overview/require-admin';
import { customerFieldErrors, failure, refreshCustomer, VIEW_ONLY, type CustomerActionState } from '../admin-action';

export async function createCustomerAction(_previous: CustomerActionState, form: FormData): Promise<CustomerActionState> {
  const admin = await actingAdmin('/admin/customers/new');
  if (!admin) return VIEW_ONLY;
  const values = readCustomerForm((name) => form.get(name));
  let customerId: string;
  try {
    const customer = await createCustomer(admin.scope.database.db, createCustomerInputOf(values), { actor: admin.actor, now: new Date(), defaultCurrency: admin.scope.config.defaultCurrency });
    customerId = customer.id;
  } catch (error) {
    return { ...failure(error, customerFieldErrors, (path) => path.split('.')[0]!), values };
  }
  refreshCustomer(customerId);
  // outside the try: redirect() throws the navigation Next follows
  redirect(`/admin/customers/${customerId}?created=1`);
}
