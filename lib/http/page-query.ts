// What a list page reads from its URL and how it builds the links that keep its filters: the first
// value of each parameter, trimmed, empty ones left out (so a filter form's blank fields do not count
// as filters), and the page's path with the parameters that have a value.
import { zodDetails } from './error-response';
import type { ZodError } from 'zod';

export type SearchParams = Record<string, string | string[] | undefined>;

/** Each parameter's first value, trimmed; parameters left blank are dropped. */
export function givenParams(raw: SearchParams): Record<string, string> {
  const given: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const first = (Array.isArray(value) ? value[0] : value)?.trim() ?? '';
    if (first !== '') given[key] = first;
  }
  return given;
}

/** `path` with the parameters that have a value, in the order given. */
export function hrefWith(path: string, params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** A refused query string as the page says it: each parameter by name (an unknown one too) with why. */
export function queryProblems(error: ZodError): string[] {
  return zodDetails(error).map((detail) => `${detail.field ?? 'query'}: ${detail.message}`);
}
