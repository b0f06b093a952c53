// Resend's error bodies, `{statusCode, message, name}` with the HTTP status Resend answers them with
// (https://resend.com/docs/api-reference/errors). The SDK hands the parsed body back as `error`, so a
// test sees exactly what the app would see from Resend.
import type { ErrorResponse } from 'resend';

export type ResendErrorName = ErrorResponse['name'];

/** Thrown by the fake's handlers; the server answers `status` with the body. */
export class FakeResendError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorName: ResendErrorName,
    message: string,
  ) {
    super(message);
  }

  body(): ErrorResponse {
    return { statusCode: this.statusCode, message: this.message, name: this.errorName };
  }
}

export const missingApiKey = () => new FakeResendError(401, 'missing_api_key', 'Missing API key in the authorization header.');

/** Resend answers a key it does not know with 403, not 401 (401 is for no key at all). */
export const invalidApiKey = () => new FakeResendError(403, 'invalid_api_key', 'API key is invalid.');

export const missingField = (field: string) => new FakeResendError(422, 'missing_required_field', `Missing \`${field}\` field.`);

export const validationError = (message: string, status = 422) => new FakeResendError(status, 'validation_error', message);

export const invalidAttachment = (message: string) => new FakeResendError(422, 'invalid_attachment', message);

export const invalidIdempotencyKey = () => new FakeResendError(400, 'invalid_idempotency_key', 'The key must be between 1-256 chars.');

export const invalidIdempotentRequest = () => new FakeResendError(409, 'invalid_idempotent_request', 'Same idempotency key used with a different request payload.');

export const concurrentIdempotentRequests = () =>
  new FakeResendError(409, 'concurrent_idempotent_requests', 'Same idempotency key used while original request is still in progress.');

export const endpointNotFound = () => new FakeResendError(404, 'not_found', 'The requested endpoint does not exist.');

export const emailNotFound = () => new FakeResendError(404, 'not_found', 'Email not found');

export const methodNotAllowed = () => new FakeResendError(405, 'method_not_allowed', 'Method is not allowed for the requested path.');

export const internalServerError = () => new FakeResendError(500, 'internal_server_error', 'An unexpected error occurred.');
