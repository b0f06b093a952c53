// The shape of a usage event as operators send it (API.md, Usage). Shape errors are found here, before
// the database is touched; what needs the database (does the customer exist, is the period invoiced)
// is checked by ingestUsageEvents, and both report {index, field, message} per event.
//
// Written out by hand rather than with zod: this runs for every event of every batch, and a schema
// library's copying and issue machinery cost more here than the database insert of the same batch
// (npm run bench:ingest measures it). Everything else in the app validates with zod.
import type { ErrorDetail } from '@/lib/errors/billing-error';

export const MAX_EVENTS_PER_BATCH = 1000;
/** 1,000 events with their properties; anything bigger is refused before it is parsed. */
export const MAX_USAGE_BODY_BYTES = 4 * 1_048_576;
/** Stripe's meter events accept timestamps up to 5 minutes ahead; clocks drift, bills should not. */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
const MAX_PROPERTIES = 32;

/** An event after shape checks: quantity a decimal string, timestamp an ISO 8601 string with a zone. */
export type UsageEventInput = {
  id: string;
  customer_id?: string;
  external_customer_id?: string;
  metric: string;
  quantity?: string;
  timestamp?: string;
  properties?: Record<string, string | number | boolean | null>;
};

// Up to 15 integer digits and 6 decimals: a quantity past 10^15 in one event is a bug in the
// sender (a timestamp or a byte count in the wrong field), not usage, and would overflow every bill.
const QUANTITY_PATTERN = /^\d{1,15}(\.\d{1,6})?$/;
const QUANTITY_MESSAGE = 'must be a decimal number ≥ 0 with at most 15 integer digits and 6 decimals';
// A date-time must say its zone: '2026-10-31T23:59:59.999Z' or '+02:00'; a bare local time would be
// read in the server's zone and could land the event in the wrong period.
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_UNIX_SECONDS = 253_402_300_799; // 9999-12-31T23:59:59Z
// Every other key is refused by name, as zod's strict objects refuse them everywhere else (lib/http/
// error-response.ts zodDetails): a typo such as `quantitiy` must not be ingested as quantity 1. A Set
// lookup per key keeps this a plain key check on the hot path.
const EVENT_FIELDS: ReadonlySet<string> = new Set(['id', 'customer_id', 'external_customer_id', 'metric', 'quantity', 'timestamp', 'properties']);
const UNKNOWN_FIELD = 'unknown field';

type FieldError = { field: string; message: string };

/** A number or a decimal string, as a decimal string ('12.5'); never a float afterwards. */
function parseQuantity(value: unknown): string | FieldError {
  if (typeof value === 'number' && !Number.isFinite(value)) return { field: 'quantity', message: 'must be a finite number' };
  if (typeof value !== 'number' && typeof value !== 'string') return { field: 'quantity', message: 'must be a number or a decimal string' };
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text.startsWith('-')) return { field: 'quantity', message: 'must not be negative (corrections go through an admin)' };
  if (!QUANTITY_PATTERN.test(text)) return { field: 'quantity', message: QUANTITY_MESSAGE };
  return text;
}

// Kept as a string all the way to PostgreSQL (which parses ISO 8601 with its zone exactly, to the
// microsecond); only its instant in milliseconds is checked here.
function parseTimestamp(value: unknown): string | FieldError {
  if (typeof value === 'number') {
    // Unix seconds, as Stripe's meter events take them
    if (!Number.isInteger(value) || value < 0 || value > MAX_UNIX_SECONDS) {
      return { field: 'timestamp', message: 'must be whole Unix seconds or an ISO 8601 time with a zone' };
    }
    return new Date(value * 1000).toISOString();
  }
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
    return { field: 'timestamp', message: 'must be an ISO 8601 time with a zone, such as 2026-10-31T23:59:59.999Z' };
  }
  // a date alone means midnight UTC (API.md), whatever the database session's time zone
  return value.length === 10 ? `${value}T00:00:00Z` : value;
}

function parseProperties(value: unknown, errors: FieldError[]): UsageEventInput['properties'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    errors.push({ field: 'properties', message: 'must be an object of strings, numbers, booleans or nulls' });
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_PROPERTIES) errors.push({ field: 'properties', message: `may hold at most ${MAX_PROPERTIES} properties` });
  for (const [key, v] of entries) {
    if (key.length > 100) errors.push({ field: 'properties', message: 'property names may have at most 100 characters' });
    const ok = v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 500);
    if (!ok) errors.push({ field: `properties.${key}`, message: 'must be a string of at most 500 characters, a number, a boolean or null' });
  }
  return value as UsageEventInput['properties'];
}

function optionalString(raw: Record<string, unknown>, field: string, max: number, errors: FieldError[]): string | undefined {
  const value = raw[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    errors.push({ field, message: `must be a non-empty string of at most ${max} characters` });
    return undefined;
  }
  return value.trim();
}

/** Checks one event's shape; every problem is reported, not only the first. */
export function parseUsageEvent(raw: unknown): { event: UsageEventInput } | { errors: FieldError[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { errors: [{ field: '', message: 'an event must be a JSON object' }] };
  const input = raw as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const key in input) if (!EVENT_FIELDS.has(key)) errors.push({ field: key, message: UNKNOWN_FIELD });

  const id = input.id === undefined ? undefined : optionalString(input, 'id', 200, errors);
  if (input.id === undefined) errors.push({ field: 'id', message: 'is required' });
  const metric = input.metric === undefined ? undefined : optionalString(input, 'metric', 63, errors);
  if (input.metric === undefined) errors.push({ field: 'metric', message: 'is required' });

  const customerId = input.customer_id;
  const externalId = optionalString(input, 'external_customer_id', 255, errors);
  if (customerId !== undefined && (typeof customerId !== 'string' || !UUID.test(customerId))) {
    errors.push({ field: 'customer_id', message: 'must be our customer id (a uuid); send your own id as external_customer_id' });
  }
  if ((customerId === undefined) === (input.external_customer_id === undefined)) {
    errors.push({ field: 'customer_id', message: 'give exactly one of customer_id and external_customer_id' });
  }

  const event: UsageEventInput = { id: id ?? '', metric: metric ?? '' };
  if (typeof customerId === 'string') event.customer_id = customerId.toLowerCase();
  if (externalId !== undefined) event.external_customer_id = externalId;
  if (input.quantity !== undefined) {
    const quantity = parseQuantity(input.quantity);
    if (typeof quantity === 'string') event.quantity = quantity;
    else errors.push(quantity);
  }
  if (input.timestamp !== undefined) {
    const timestamp = parseTimestamp(input.timestamp);
    if (typeof timestamp === 'string') event.timestamp = timestamp;
    else errors.push(timestamp);
  }
  if (input.properties !== undefined) event.properties = parseProperties(input.properties, errors);
  return errors.length > 0 ? { errors } : { event };
}

/**
 * Either body form, one event or {events: [...]} with 1 to 1,000, as a list of events, or every
 * problem found (with the event's index for a batch).
 */
export function parseUsageEventsBody(body: unknown): { events: UsageEventInput[]; batch: boolean } | { details: ErrorDetail[]; batch: boolean } {
  const batch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body;
  if (!batch) {
    const parsed = parseUsageEvent(body);
    return 'errors' in parsed ? { details: parsed.errors, batch } : { events: [parsed.event], batch };
  }
  const list = (body as { events: unknown }).events;
  // the envelope holds the events and nothing else
  const details: ErrorDetail[] = [];
  for (const key in body) if (key !== 'events') details.push({ field: key, message: UNKNOWN_FIELD });
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_EVENTS_PER_BATCH) {
    return { details: [...details, { field: 'events', message: `must be an array of 1 to ${MAX_EVENTS_PER_BATCH} events` }], batch };
  }
  const events: UsageEventInput[] = [];
  list.forEach((raw, index) => {
    const parsed = parseUsageEvent(raw);
    if ('errors' in parsed) for (const e of parsed.errors) details.push({ index, field: e.field, message: e.message });
    else events.push(parsed.event);
  });
  return details.length > 0 ? { details, batch } : { events, batch };
}
