// The one error mapper: every route answers errors as {"error": {"code", "message", "details"}}.
import { ZodError } from 'zod';
import { postgresError, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { BillingError, type ErrorDetail } from '@/lib/errors/billing-error';

/** The message of every unknown field, as the usage-event validator says it too. */
export const UNKNOWN_FIELD = 'unknown field';

/**
 * One detail per problem, naming the field by its dotted path. Request bodies are strict objects, so a
 * field we do not know (a typo) is an `unrecognized_keys` issue listing the keys of one object: each key
 * becomes its own detail, `{field: "charges.0.unit_prise", message: "unknown field"}`, as Stripe answers
 * "Received unknown parameter: unit_prise" rather than ignoring it.
 */
export function zodDetails(error: ZodError, indexed = false): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    const path = [...issue.path];
    let index: number | undefined;
    // batches are validated as {events: [...]}: lift the event index out of the path
    if (indexed && path[0] === 'events' && typeof path[1] === 'number') {
      index = path[1];
      path.splice(0, 2);
    }
    const at = index === undefined ? {} : { index };
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ ...at, field: [...path, key].join('.'), message: UNKNOWN_FIELD }));
    }
    return [{ ...at, field: path.join('.') || undefined, message: issue.message }];
  });
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof BillingError) {
    return Response.json(errorBody(error.code, error.message, error.details), { status: error.status });
  }
  if (error instanceof ZodError) {
    return Response.json(errorBody('validation_failed', 'The request is not valid', zodDetails(error)), { status: 422 });
  }
  const pg = postgresError(error);
  if (pg?.code === PG_UNIQUE_VIOLATION) {
    return Response.json(errorBody('conflict', 'A record with the same unique value already exists'), { status: 409 });
  }
  if (pg?.code === '23503' || pg?.code === '23514') {
    return Response.json(errorBody('conflict', 'The change conflicts with existing data'), { status: 409 });
  }
  // The detail goes to the logs only: a 500 never tells the caller anything internal.
  console.error('[api] unexpected error:', error);
  return Response.json(errorBody('internal_error', 'Something went wrong on our side'), { status: 500 });
}
