// What a route would answer for an error thrown by domain code: the same mapper the route wrappers
// use, so a test can assert the status and the fields named in details.
import { errorResponse } from '@/lib/http/error-response';

export type ApiError = { status: number; code: string; fields: (string | undefined)[]; messages: string[] };

export async function apiError(work: Promise<unknown>): Promise<ApiError> {
  try {
    await work;
  } catch (error) {
    const response = errorResponse(error);
    const body = (await response.json()) as { error: { code: string; details: { field?: string; message: string }[] } };
    return { status: response.status, code: body.error.code, fields: body.error.details.map((d) => d.field), messages: body.error.details.map((d) => d.message) };
  }
  throw new Error('expected the call to fail');
}
