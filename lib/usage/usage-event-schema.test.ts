import { describe, expect, it } from 'vitest';
import { parseUsageEventsBody } from './usage-event-schema';

const event = { id: 'evt_1', external_customer_id: 'crm-1', metric: 'api_calls', quantity: '3', timestamp: '2026-11-22T10:00:00Z', properties: { region: 'eu' } };

describe('parseUsageEventsBody: unknown fields are refused by name', () => {
  it('accepts every documented field', () => {
    expect(parseUsageEventsBody(event)).toEqual({ events: [event], batch: false });
    expect(parseUsageEventsBody({ events: [event, { ...event, id: 'evt_2' }] })).toMatchObject({ batch: true, events: [{ id: 'evt_1' }, { id: 'evt_2' }] });
  });

  it('names a typo in a single event instead of ingesting a quantity of 1', () => {
    const { quantity: _quantity, ...rest } = event;
    expect(parseUsageEventsBody({ ...rest, quantitiy: '3' })).toEqual({ batch: false, details: [{ field: 'quantitiy', message: 'unknown field' }] });
  });

  it('gives the index and field of each unknown field in a batch, and refuses the whole batch', () => {
    const parsed = parseUsageEventsBody({ events: [event, { ...event, id: 'evt_2', metirc: 'x', extra: true }, { ...event, id: 'evt_3' }] });
    expect(parsed).toEqual({
      batch: true,
      details: [
        { index: 1, field: 'metirc', message: 'unknown field' },
        { index: 1, field: 'extra', message: 'unknown field' },
      ],
    });
  });

  it('refuses unknown fields beside the events of a batch', () => {
    expect(parseUsageEventsBody({ events: [event], idempotency_key: 'k' })).toEqual({ batch: true, details: [{ field: 'idempotency_key', message: 'unknown field' }] });
    expect(parseUsageEventsBody({ events: [], dry_run: true })).toEqual({
      batch: true,
      details: [
        { field: 'dry_run', message: 'unknown field' },
        { field: 'events', message: 'must be an array of 1 to 1000 events' },
      ],
    });
  });

  it('leaves property names free: they are the operator’s own dimensions', () => {
    expect(parseUsageEventsBody({ ...event, properties: { anything_at_all: 'x', 'dashed-name': 1 } })).toMatchObject({ events: [{ properties: { anything_at_all: 'x', 'dashed-name': 1 } }] });
  });
});
