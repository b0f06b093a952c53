// Input shapes of the webhook-endpoint routes (docs/api.md, Webhooks). Bodies are strict: an unknown
// field is refused by name. The URL's form is checked here, where it is; whether it may be called
// (https, public addresses) needs DNS and is webhook-url-safety.ts's, run by create and update.
import { z } from 'zod';
import { WEBHOOK_DELIVERY_STATUSES } from '@/lib/db/schema';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from '@/lib/notifications/notification-types';
import { MAX_WEBHOOK_URL_LENGTH } from './webhook-url-safety';

export const ALL_EVENTS = '*';
export type EndpointEvents = WebhookEventType[] | [typeof ALL_EVENTS];

const KNOWN = new Set<string>([...WEBHOOK_EVENT_TYPES, ALL_EVENTS]);

/** Event types, each once, or ["*"] for every type (also those added later). */
export const endpointEventsSchema = z
  .array(z.string(), { error: 'must be a list of event types, or ["*"] for all' })
  .min(1, 'name at least one event type, or ["*"] for all')
  .max(WEBHOOK_EVENT_TYPES.length + 1)
  .superRefine((events, ctx) => {
    const unknown = events.filter((e) => !KNOWN.has(e));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown event type${unknown.length > 1 ? 's' : ''} ${unknown.map((e) => JSON.stringify(e)).join(', ')}; the types are ${WEBHOOK_EVENT_TYPES.join(', ')}, or "*" for all`,
      });
    } else if (events.includes(ALL_EVENTS) && events.length > 1) {
      ctx.addIssue({ code: 'custom', message: '"*" means every event type: send ["*"] alone' });
    }
  })
  .transform((events) => [...new Set(events)] as EndpointEvents);

const url = z.string({ error: 'must be a URL' }).trim().min(1, 'must be a URL').max(MAX_WEBHOOK_URL_LENGTH);
const description = z.string().trim().max(500).transform((d) => (d === '' ? null : d)).nullable();

export const createWebhookEndpointSchema = z.strictObject({
  url,
  events: endpointEventsSchema,
  description: description.optional(),
});
export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;

export const updateWebhookEndpointSchema = z
  .strictObject({ url, events: endpointEventsSchema, description, enabled: z.boolean() })
  .partial()
  // only when nothing else is wrong: `{"enabeld": false}` is one unknown field, not also an empty change
  .refine((c) => Object.keys(c).length > 0, { message: 'name at least one field to change (url, events, description, enabled)', when: (payload) => payload.issues.length === 0 });
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointSchema>;

export const listWebhookEndpointsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  starting_after: z.uuid({ message: 'must be an endpoint id from the previous page' }).optional(),
});
export type ListWebhookEndpointsQuery = z.output<typeof listWebhookEndpointsQuery>;

export const listWebhookDeliveriesQuery = z.object({
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  starting_after: z.uuid({ message: 'must be a delivery id from the previous page' }).optional(),
});
export type ListWebhookDeliveriesQuery = z.output<typeof listWebhookDeliveriesQuery>;
