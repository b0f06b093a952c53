// Stripe's error objects, `{"error": {type, code?, message, param?, decline_code?, …}}`, with the HTTP
// status the SDK maps to its typed errors: 400/404 → StripeInvalidRequestError (or
// StripeIdempotencyError when type is idempotency_error), 401 → StripeAuthenticationError,
// 402 → StripeCardError, 409 and 5xx → StripeAPIError.

export type StripeErrorBody = {
  type: 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
};

/** Thrown by handlers; the server answers with `status` and `{ error: body }`. */
export class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    /**
     * Whether an idempotency key keeps this answer. Stripe saves a result once the endpoint has
     * started executing (a declined charge is replayed), but not when the parameters failed
     * validation: a request that was refused as invalid can be corrected and sent again with the key.
     */
    readonly savedForIdempotency = body.type === 'card_error',
  ) {
    super(body.message);
  }
}

const docUrl = (code: string | undefined) => (code ? { doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}` } : {});

export function invalidRequest(message: string, options: { param?: string; code?: string; status?: number } = {}): FakeStripeError {
  const { param, code, status = 400 } = options;
  return new FakeStripeError(status, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}), ...docUrl(code) });
}

export const missingParam = (param: string) => invalidRequest(`Missing required param: ${param}.`, { param, code: 'parameter_missing' });

/** A referenced object that does not exist: 404 when it is the URL's object, 400 when it is a parameter. */
export function noSuch(kind: string, id: string, param?: string): FakeStripeError {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: 'resource_missing', param: param ?? 'id', status: param ? 400 : 404 });
}

export function unrecognizedUrl(method: string, path: string): FakeStripeError {
  return invalidRequest(`Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, { status: 404 });
}

export function idempotencyError(message: string, status = 400): FakeStripeError {
  return new FakeStripeError(status, { type: 'idempotency_error', message });
}

export function cardError(body: Omit<StripeErrorBody, 'type'>): FakeStripeError {
  return new FakeStripeError(402, { type: 'card_error', ...body, ...docUrl(body.code) });
}
