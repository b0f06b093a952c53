// The shape of a usage event as operators send it (API.md, Usage). Shape errors are found here, before
// the database is touched; what needs the database (does the customer exist, is the period invoiced)
// is checked by ingestUsageEvents, and both report {index, field, message} per event.
import { z } from 'zod';

export const MAX_EVENTS_PER_BATCH = 1000;
/** 1,000 events with their properties; anything bigger is refused before it is parsed. */
export const MAX_USAGE_BODY_BYTES = 4 * 1_048_576;
/** Stripe's meter events accept timestamps up to 5 minutes ahead; clocks drift, bills should not. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;

// Up to 15 integer digits and 6 decimals: a quantity past 10^15 in one event is a bug in the
// sender (a timestamp or a byte count in the wrong field), not usage, and would overflow every bill.
const QUANTITY_PATTERN = /^\d{1,15}(\.\d{1,6})?$/;
const QUANTITY_MESSAGE = 'must be a decimal number ≥ 0 with at most 15 integer digits and 6 decimals';

/** A number or a decimal string, normalized to a decimal string ('12.5'); never a float afterwards. */
const quantitySchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    ctx.addIssue({ code: 'custom', message: 'must be a finite number' });
    return z.NEVER;
  }
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text.startsWith('-')) {
    ctx.addIssue({ code: 'custom', message: 'must not be negative (corrections go through an admin)' });
    return z.NEVER;
  }
  if (!QUANTITY_PATTERN.test(text)) {
    ctx.addIssue({ code: 'custom', message: QUANTITY_MESSAGE });
    return z.NEVER;
  }
  return text;
});

// A date-time must say its zone: '2026-10-31T23:59:59.999Z' or '+02:00'; a bare local time would be
// read in the server's zone and could land the event in the wrong period.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;

const timestampSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  let date: Date;
  if (typeof value === 'number') {
    // Unix seconds, as Stripe's meter events take them
    if (!Number.isInteger(value) || value < 0 || value > 253_402_300_799) {
      ctx.addIssue({ code: 'custom', message: 'must be whole Unix seconds or an ISO 8601 time with a zone' });
      return z.NEVER;
    }
    date = new Date(value * 1000);
  } else {
    date = new Date(value);
    if (!ISO_TIMESTAMP.test(value) || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'must be an ISO 8601 time with a zone, such as 2026-10-31T23:59:59.999Z' });
      return z.NEVER;
    }
  }
  return date;
});

const propertyValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const usageEventSchema = z
  .object({
    id: z.string().trim().min(1, 'is required').max(200),
    customer_id: z.uuid({ message: 'must be our customer id (a uuid); send your own id as external_customer_id' }).optional(),
    external_customer_id: z.string().trim().min(1).max(255).optional(),
    metric: z.string().min(1, 'is required').max(63),
    quantity: quantitySchema.optional(),
    timestamp: timestampSchema.optional(),
    properties: z
      .record(z.string().max(100), propertyValue)
      .refine((p) => Object.keys(p).length <= 32, 'may hold at most 32 properties')
      .optional(),
  })
  .superRefine((event, ctx) => {
    if ((event.customer_id === undefined) === (event.external_customer_id === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['customer_id'], message: 'give exactly one of customer_id and external_customer_id' });
    }
  });
export type UsageEventInput = z.output<typeof usageEventSchema>;

/** {events: [...]} with 1 to 1,000 events. */
export const usageEventBatchSchema = z.object({
  events: z
    .array(usageEventSchema)
    .min(1, 'must hold at least one event')
    .max(MAX_EVENTS_PER_BATCH, `may hold at most ${MAX_EVENTS_PER_BATCH} events`),
});

/** Either body form (one event, or a batch) as a list; `batch` says which, for error details. */
export function parseUsageEventsBody(body: unknown): { events: UsageEventInput[]; batch: boolean } | { error: z.ZodError; batch: boolean } {
  const batch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body;
  if (batch) {
    const parsed = usageEventBatchSchema.safeParse(body);
    return parsed.success ? { events: parsed.data.events, batch } : { error: parsed.error, batch };
  }
  const parsed = usageEventSchema.safeParse(body);
  return parsed.success ? { events: [parsed.data], batch } : { error: parsed.error, batch };
}
