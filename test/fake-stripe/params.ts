// Typed reads of form parameters (every wire value is a string), failing the way Stripe does: a
// missing required parameter, a malformed integer or an unknown enum value is a 400 naming the
// parameter in bracket notation (`recurring[interval]`).
import type { FormObject, FormValue } from './form-encoding';
import { invalidRequest, missingParam } from './stripe-errors';

/** What `metadata[...]` asks for: keys to set, keys to unset (empty value), or everything cleared. */
export type MetadataUpdate = { clear: boolean; set: Record<string, string>; unset: string[] };

export const DECIMAL_PATTERN = /^-?\d+(\.\d{1,12})?$/;

export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = '',
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  private scalar(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined || typeof value === 'string') return value;
    throw invalidRequest(`Invalid ${this.name(key)}: must be a string, not an object or array`, { param: this.name(key) });
  }

  /** A string; empty means "unset" in Stripe, so it reads as undefined. */
  string(key: string): string | undefined {
    const value = this.scalar(key);
    return value === '' ? undefined : value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  /** For nullable fields: undefined when absent, null when sent empty (Stripe's way to clear a field). */
  nullableString(key: string): string | null | undefined {
    const value = this.scalar(key);
    return value === undefined ? undefined : value === '' ? null : value;
  }

  integer(key: string, options: { min?: number } = {}): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw invalidRequest(`Invalid integer: ${value}`, { param: this.name(key), code: 'parameter_invalid_integer' });
    }
    const number = Number(value);
    if (options.min !== undefined && number < options.min) {
      throw invalidRequest(`This value must be greater than or equal to ${options.min}.`, { param: this.name(key), code: 'parameter_invalid_integer' });
    }
    return number;
  }

  boolean(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value !== 'true' && value !== 'false') throw invalidRequest(`Invalid boolean: ${value}`, { param: this.name(key) });
    return value === 'true';
  }

  /** A decimal string with at most 12 decimal places (Stripe's `decimal_string`). */
  decimal(key: string): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!DECIMAL_PATTERN.test(value)) throw invalidRequest(`Invalid decimal: ${value}. Decimals must have at most 12 decimal places.`, { param: this.name(key) });
    return value;
  }

  oneOf<const T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      const list = allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed.at(-1)}` : allowed[0];
      throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${list}`, { param: this.name(key) });
    }
    return value as T;
  }

  object(key: string): Params | undefined {
    const value = this.raw[key];
    if (value === undefined || value === '') return undefined;
    if (typeof value === 'string' || Array.isArray(value)) throw invalidRequest(`Invalid object`, { param: this.name(key) });
    return new Params(value, this.name(key));
  }

  /** An array of nested objects (`items[0][price]=…`). */
  objects(key: string): Params[] | undefined {
    const value = this.raw[key];
    if (value === undefined || value === '') return undefined;
    if (!Array.isArray(value)) throw invalidRequest(`Invalid array`, { param: this.name(key) });
    return value.map((element, index) => {
      if (typeof element === 'string' || Array.isArray(element)) throw invalidRequest(`Invalid object`, { param: `${this.name(key)}[${index}]` });
      return new Params(element, `${this.name(key)}[${index}]`);
    });
  }

  strings(key: string): string[] | undefined {
    const value: FormValue | undefined = this.raw[key];
    if (value === undefined || value === '') return undefined;
    if (!Array.isArray(value) || value.some((element) => typeof element !== 'string')) throw invalidRequest(`Invalid array`, { param: this.name(key) });
    return value as string[];
  }

  /** `expand[]`: dotted paths of fields to expand in the response. */
  expand(): string[] {
    return this.strings('expand') ?? [];
  }

  metadata(key = 'metadata'): MetadataUpdate | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === '') return { clear: true, set: {}, unset: [] };
    if (typeof value === 'string' || Array.isArray(value)) throw invalidRequest('Invalid metadata: must be a hash of keys to values', { param: this.name(key) });
    const update: MetadataUpdate = { clear: false, set: {}, unset: [] };
    for (const [name, entry] of Object.entries(value)) {
      if (typeof entry !== 'string') throw invalidRequest(`Invalid metadata[${name}]: metadata values must be strings`, { param: `${this.name(key)}[${name}]` });
      if (name.length > 40) throw invalidRequest(`Invalid metadata: keys can be at most 40 characters long.`, { param: `${this.name(key)}[${name}]` });
      if (entry.length > 500) throw invalidRequest(`Invalid metadata: values can be at most 500 characters long.`, { param: `${this.name(key)}[${name}]` });
      // an empty value unsets the key, in Stripe even on create
      if (entry === '') update.unset.push(name);
      else update.set[name] = entry;
    }
    return update;
  }
}

/** Applies a metadata update to an object's metadata, as Stripe merges it. */
export function applyMetadata(current: Record<string, string> | null | undefined, update: MetadataUpdate | undefined): Record<string, string> {
  const next: Record<string, string> = update?.clear ? {} : { ...(current ?? {}) };
  if (!update) return next;
  for (const key of update.unset) delete next[key];
  Object.assign(next, update.set);
  if (Object.keys(next).length > 50) throw invalidRequest('Invalid metadata: an object can have at most 50 metadata keys.', { param: 'metadata' });
  return next;
}
