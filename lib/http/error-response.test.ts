import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorResponse, zodDetails } from './error-response';

const plan = z.strictObject({
  name: z.string(),
  charges: z.array(z.strictObject({ model: z.string(), tiers: z.array(z.strictObject({ up_to: z.string().nullable() })).optional() })),
});

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be refused');
  return result.error;
};

describe('zodDetails', () => {
  it('names every unknown field by its path, one detail per key', () => {
    const error = issuesOf(plan, { name: 'Pro', nmae: 'typo', interval: 'month', charges: [{ model: 'flat' }, { model: 'tiered', tiers: [{ up_to: null, upto: '10' }] }] });
    expect(zodDetails(error)).toEqual([
      { field: 'charges.1.tiers.0.upto', message: 'unknown field' },
      { field: 'nmae', message: 'unknown field' },
      { field: 'interval', message: 'unknown field' },
    ]);
  });

  it('reports unknown fields beside the other problems of the same body', () => {
    const error = issuesOf(plan, { charges: [{ model: 1, modle: 'flat' }] });
    expect(zodDetails(error)).toEqual(
      expect.arrayContaining([
        { field: 'name', message: expect.any(String) },
        { field: 'charges.0.model', message: expect.any(String) },
        { field: 'charges.0.modle', message: 'unknown field' },
      ]),
    );
    expect(zodDetails(error)).toHaveLength(3);
  });

  it('lifts a batch index out of the path when asked to', () => {
    const batch = z.strictObject({ events: z.array(z.strictObject({ id: z.string() })) });
    expect(zodDetails(issuesOf(batch, { events: [{ id: 'a' }, { id: 'b', quantitiy: 1 }] }), true)).toEqual([{ index: 1, field: 'quantitiy', message: 'unknown field' }]);
  });

  it('keeps an unknown field a 422 validation_failed through the one error mapper', async () => {
    const response = errorResponse(issuesOf(plan, { name: 'Pro', charges: [], currrency: 'usd' }));
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({ error: { code: 'validation_failed', message: 'The request is not valid', details: [{ field: 'currrency', message: 'unknown field' }] } });
  });
});
