// Where the admin reads the object an audit entry is about: its own page when it has one, else the
// page that holds it (a subscription or a usage event is shown on its customer's page, a credit note
// on its invoice's). Null when no admin page shows it.
import type { AuditEntryJson } from './list-audit-entries';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const id = (value: unknown) => (typeof value === 'string' && UUID.test(value) ? value : null);

export function auditEntityHref(entry: Pick<AuditEntryJson, 'entity_type' | 'entity_id' | 'customer_id' | 'details'>): string | null {
  const entity = id(entry.entity_id);
  const customer = id(entry.customer_id);
  switch (entry.entity_type) {
    case 'customer':
    case 'customer_budget':
      return entity ? `/admin/customers/${entity}` : null;
    case 'invoice':
      return entity ? `/admin/invoices/${entity}` : null;
    case 'credit_note':
    case 'billing_period': {
      const invoice = id(entry.details.invoice_id);
      return invoice ? `/admin/invoices/${invoice}` : customer ? `/admin/customers/${customer}` : null;
    }
    case 'alert_rule':
    case 'alert':
      return '/admin/alerts';
    case 'webhook_endpoint':
      return '/admin/webhooks';
    default:
      // subscriptions, usage, payment methods and the rest of a customer's things are on their page
      return customer ? `/admin/customers/${customer}` : null;
  }
}
