// The one error type domain code throws, with the status it answers and the fields it is about. It
// belongs to no transport: the route wrappers (lib/http) turn it into the error shape of docs/api.md,
// the CLI prints its message.
export type ErrorDetail = { field?: string; index?: number; message: string };

export class BillingError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetail[];

  constructor({ code, status, message, details = [] }: { code: string; status: number; message: string; details?: ErrorDetail[] }) {
    super(message);
    this.name = 'BillingError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

export const notFound = (what: string) => new BillingError({ code: 'not_found', status: 404, message: `${what} not found` });
export const unauthenticated = () =>
  new BillingError({ code: 'unauthenticated', status: 401, message: 'Sign in or send an API key' });
export const forbidden = (message = 'You are not allowed to do this') =>
  new BillingError({ code: 'forbidden', status: 403, message });
export const conflict = (message: string) => new BillingError({ code: 'conflict', status: 409, message });
