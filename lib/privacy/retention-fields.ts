// What the retention settings are and their defaults: no imports, so the settings form (a client
// component) can use them as well as the server.
export type RetentionSettings = {
  /** raw usage events; the daily rollups and issued invoices keep their totals */
  usage_events_days: number | null;
  /** inbound Stripe webhook events, and the payloads of outgoing webhook events once delivered */
  webhook_payloads_days: number | null;
  /** the HTML and text of emails once sent */
  email_bodies_days: number | null;
  /** the record of each email sent and of each webhook delivery attempt */
  delivery_logs_days: number | null;
};

export type RetentionField = keyof RetentionSettings;
export const RETENTION_FIELDS: RetentionField[] = ['usage_events_days', 'webhook_payloads_days', 'email_bodies_days', 'delivery_logs_days'];

/**
 * The defaults, chosen so nothing billing or support still needs is gone: usage for 13 months (a year
 * of history on the dashboard, and any yearly period's events until it is invoiced — events of a period
 * not yet invoiced are never deleted), Stripe's events for 30 days (Stripe stops retrying after 3),
 * email bodies for 90 days and delivery logs for a year.
 */
export const RETENTION_DEFAULTS: RetentionSettings = {
  usage_events_days: 400,
  webhook_payloads_days: 30,
  email_bodies_days: 90,
  delivery_logs_days: 365,
};
