// Responses: stored objects serialized as Stripe sends them, with `expand[]` applied, and lists.
//
// Expansion as in Stripe: a dotted path (`latest_invoice.confirmation_secret`,
// `items.data.price.product`) replaces an id with the object it names; walking through a list
// expands each element. Some fields are "includable": absent unless expanded
// (`invoice.confirmation_secret`, `invoice.payments`, `charge.refunds`). Anything else is Stripe's
// "This property cannot be expanded" error.
import { toWire, type FakeAccount, type Json, type JsonObject } from './fake-account';
import type { Params } from './params';
import { invalidRequest } from './stripe-errors';

export type ListObject = { object: 'list'; data: object[]; has_more: boolean; url: string };

const DEFAULT_LIMIT = 10;

/** A Stripe list of `items` (already newest first), paginated by limit/starting_after/ending_before. */
export function listOf(url: string, items: object[], params?: Params): ListObject {
  const limit = params?.integer('limit', { min: 1 }) ?? DEFAULT_LIMIT;
  if (limit > 100) throw invalidRequest('This value must be less than or equal to 100.', { param: 'limit', code: 'parameter_invalid_integer' });
  const startingAfter = params?.string('starting_after');
  const endingBefore = params?.string('ending_before');
  const ids = items.map((item) => (item as { id?: string }).id);
  if (endingBefore) {
    const index = ids.indexOf(endingBefore);
    const before = index === -1 ? [] : items.slice(0, index);
    return { object: 'list', data: before.slice(-limit), has_more: before.length > limit, url };
  }
  const start = startingAfter ? ids.indexOf(startingAfter) + 1 : 0;
  const rest = startingAfter && start === 0 ? [] : items.slice(start);
  return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
}

/** Newest first, as Stripe lists objects. */
export const newestFirst = <T extends { created: number }>(items: Iterable<T>): T[] =>
  [...items].map((item, index) => ({ item, index })).sort((a, b) => b.item.created - a.item.created || b.index - a.index).map(({ item }) => item);

type Includer = (account: FakeAccount, id: string) => object | null;

/** Fields that only appear when expanded, by object type. */
const INCLUDABLE: Record<string, Record<string, Includer>> = {
  invoice: {
    // the PaymentIntent's client secret, for confirming the invoice's payment on the client (Stripe.js)
    confirmation_secret: (account, id) => {
      const payment = [...account.state.invoicePayments.values()].find((p) => p.invoice === id && p.is_default);
      const intentId = payment?.payment.payment_intent;
      const intent = typeof intentId === 'string' ? account.state.paymentIntents.get(intentId) : undefined;
      return intent?.client_secret ? { client_secret: intent.client_secret, type: 'payment_intent' } : null;
    },
    payments: (account, id) =>
      listOf(
        `/v1/invoices/${id}/payments`,
        newestFirst([...account.state.invoicePayments.values()].filter((p) => p.invoice === id)),
      ),
  },
  charge: {
    refunds: (account, id) =>
      listOf(
        `/v1/charges/${id}/refunds`,
        newestFirst([...account.state.refunds.values()].filter((r) => r.charge === id)),
      ),
  },
};

function cannotExpand(path: string) {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}

function expandAt(account: FakeAccount, node: Json, segments: string[], path: string): Json {
  if (segments.length === 0 || node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((element) => expandAt(account, element, segments, path));
  const [field, ...rest] = segments as [string, ...string[]];
  const objectType = typeof node.object === 'string' ? node.object : '';
  const includer = INCLUDABLE[objectType]?.[field];
  let value: Json;
  if (includer && typeof node.id === 'string') {
    const included = includer(account, node.id);
    value = included === null ? null : toWire(included);
  } else if (field in node) {
    value = node[field]!;
    if (typeof value === 'string') {
      const found = account.lookup(value);
      if (!found) throw cannotExpand(path);
      value = toWire(found);
    }
  } else {
    throw cannotExpand(path);
  }
  node[field] = expandAt(account, value, rest, path);
  return node;
}

/** The JSON body for `object` with the requested expansions. */
export function render(account: FakeAccount, object: object, expand: string[]): JsonObject {
  const wire = toWire(object);
  for (const path of expand) expandAt(account, wire, path.split('.'), path);
  return wire;
}
