import { describe, expect, it } from 'vitest';
import { parseInvoiceListQuery } from './invoice-list-query';

const ID = '5f0c7a52-6a0e-4d6e-9d7c-2b1f7a9e8c11';

describe('parseInvoiceListQuery', () => {
  it('reads the filter, a cursor and the page size, and treats the "All statuses" option as no filter', () => {
    expect(parseInvoiceListQuery({})).toEqual({ ok: true, query: {} });
    expect(parseInvoiceListQuery({ status: '' })).toEqual({ ok: true, query: {} });
    expect(parseInvoiceListQuery({ status: 'overdue', starting_after: ID, limit: '2', utm_source: 'mail' })).toEqual({
      ok: true,
      query: { status: 'overdue', starting_after: ID, limit: 2 },
    });
  });

  it('names each wrong value and why', () => {
    expect(parseInvoiceListQuery({ status: 'draft' })).toEqual({
      ok: false,
      problems: [{ field: 'status', value: 'draft', message: 'must be one of open, overdue, paid, void, uncollectible' }],
    });
    expect(parseInvoiceListQuery({ starting_after: 'INV-0001', limit: '500' })).toEqual({
      ok: false,
      problems: [
        { field: 'starting_after', value: 'INV-0001', message: 'must be an invoice id from the previous page' },
        { field: 'limit', value: '500', message: 'must be at most 50' },
      ],
    });
    expect(parseInvoiceListQuery({ limit: 'ten' })).toMatchObject({ ok: false, problems: [{ field: 'limit', value: 'ten' }] });
    expect(parseInvoiceListQuery({ status: ['open', 'paid'] })).toEqual({ ok: false, problems: [{ field: 'status', value: 'open, paid', message: 'is given more than once' }] });
    expect(parseInvoiceListQuery({ starting_after: ID, ending_before: ID })).toEqual({
      ok: false,
      problems: [{ field: 'ending_before', value: ID, message: 'give starting_after or ending_before, not both' }],
    });
  });
});
