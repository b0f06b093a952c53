// Customers: create, retrieve, update, delete, list, and the customer's payment methods.
import type Stripe from 'stripe';
import type { ApiCall, ApiRouter } from '../api';
import { randomToken, toWire, type FakeAccount } from '../fake-account';
import { applyMetadata, type Params } from '../params';
import { listOf, newestFirst } from '../render';
import { invalidRequest } from '../stripe-errors';
import { fromTemplate } from '../templates';
import { attachPaymentMethod } from './payment-methods';

/** The customer's attached payment method `id`, or the error Stripe gives for one that is not theirs. */
export function customersPaymentMethod(account: FakeAccount, customer: Stripe.Customer, id: string, param: string): Stripe.PaymentMethod {
  const method = account.state.paymentMethods.get(id);
  if (!method || method.customer !== customer.id) {
    throw invalidRequest(`The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`, { param, code: 'resource_missing' });
  }
  return method;
}

/** `attached` maps a test payment method id sent in the same request to the copy it attached. */
function applyCustomerParams(account: FakeAccount, customer: Stripe.Customer, params: Params, attached: Record<string, string> = {}): void {
  for (const field of ['name', 'email', 'description', 'phone'] as const) {
    const value = params.nullableString(field);
    if (value !== undefined) customer[field] = value;
  }
  const preferredLocales = params.strings('preferred_locales');
  if (preferredLocales) customer.preferred_locales = preferredLocales;
  customer.metadata = applyMetadata(customer.metadata, params.metadata());
  const defaultPaymentMethod = params.object('invoice_settings')?.nullableString('default_payment_method');
  if (defaultPaymentMethod !== undefined) {
    customer.invoice_settings.default_payment_method =
      defaultPaymentMethod === null
        ? null
        : customersPaymentMethod(account, customer, attached[defaultPaymentMethod] ?? defaultPaymentMethod, 'invoice_settings[default_payment_method]').id;
  }
}

function createCustomer({ account, params, request }: ApiCall): Stripe.Customer {
  const created = account.now();
  const customer = fromTemplate('customer', {
    id: account.newId('cus_', 14),
    created,
    metadata: {},
    // invoice numbers are `<invoice_prefix>-<sequence>`, e.g. 7FE1103A-0001
    invoice_prefix: randomToken(8).toUpperCase(),
    next_invoice_sequence: 1,
  });
  // Stripe attaches `payment_method` first, so `invoice_settings[default_payment_method]` can name
  // the same id, even a test id like pm_card_visa (which then means the attached copy)
  const paymentMethod = params.string('payment_method');
  account.state.customers.set(customer.id, customer);
  try {
    const attached = paymentMethod ? { [paymentMethod]: attachPaymentMethod(account, paymentMethod, customer, request, 'payment_method').id } : {};
    applyCustomerParams(account, customer, params, attached);
  } catch (error) {
    account.state.customers.delete(customer.id);
    throw error;
  }
  account.emit('customer.created', customer, { request });
  return customer;
}

function updateCustomer({ account, params, path, request }: ApiCall): Stripe.Customer {
  const customer = account.get('customers', path.id!, 'customer');
  const before = toWire(customer);
  applyCustomerParams(account, customer, params);
  account.emitUpdated('customer.updated', before, customer, request);
  return customer;
}

/**
 * As Stripe: the customer is gone for good (`customer.deleted`, with the object as it was). Retrieving
 * it answers the stub `{id, object: 'customer', deleted: true}`; updating or deleting it again is the
 * 404 resource_missing of an unknown customer. Its invoices stay as they are.
 */
function deleteCustomer({ account, path, request }: ApiCall): Stripe.DeletedCustomer {
  const customer = account.get('customers', path.id!, 'customer');
  account.state.customers.delete(customer.id);
  const deleted: Stripe.DeletedCustomer = { id: customer.id, object: 'customer', deleted: true };
  account.state.deletedCustomers.set(customer.id, deleted);
  account.emit('customer.deleted', customer, { request });
  return deleted;
}

function listPaymentMethods({ account, params, path }: ApiCall) {
  const customer = account.get('customers', path.id!, 'customer');
  const type = params.string('type');
  const methods = [...account.state.paymentMethods.values()].filter((m) => m.customer === customer.id && (!type || m.type === type));
  return listOf(`/v1/customers/${customer.id}/payment_methods`, newestFirst(methods), params);
}

export function customerRoutes(router: ApiRouter): void {
  router
    .add('POST', '/v1/customers', createCustomer)
    .add('GET', '/v1/customers', ({ account, params }) => {
      const email = params.string('email');
      return listOf('/v1/customers', newestFirst([...account.state.customers.values()].filter((c) => !email || c.email === email)), params);
    })
    .add('GET', '/v1/customers/:id', ({ account, path }) => account.state.deletedCustomers.get(path.id!) ?? account.get('customers', path.id!, 'customer'))
    .add('POST', '/v1/customers/:id', updateCustomer)
    .add('DELETE', '/v1/customers/:id', deleteCustomer)
    .add('GET', '/v1/customers/:id/payment_methods', listPaymentMethods);
}
