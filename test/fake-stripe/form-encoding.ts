// Stripe's request encoding: application/x-www-form-urlencoded with bracket notation, as the SDK
// writes it (`metadata[invoice_id]=…`, `items[0][price]=…`, `expand[0]=…`) and as curl users write
// it (`expand[]=…`). Parsed into nested objects and arrays the way Stripe's API reads it.

export type FormValue = string | FormValue[] | FormObject;
export type FormObject = { [key: string]: FormValue };

/** Keys whose children are free-form (`metadata[0]=x` is a key named "0", not an array). */
const FREE_FORM_KEYS = new Set(['metadata']);

function decode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/** `items[0][price]` → ['items', '0', 'price']; `expand[]` → ['expand', '']. */
function keyPath(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return [key];
  const segments = [...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!);
  return [match[1]!, ...segments];
}

const isObject = (value: FormValue | undefined): value is FormObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function assign(container: FormObject | FormValue[], path: string[], value: string): void {
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '__proto__') return;
  if (Array.isArray(container)) {
    // `[]` segment: a scalar is appended; a nested key continues the last element unless that
    // element already has the key (Rack's rule, so `a[][x]=1&a[][y]=2&a[][x]=3` makes two elements)
    if (rest.length === 0) {
      container.push(value);
      return;
    }
    const last = container[container.length - 1];
    const reuse = isObject(last) && !(rest[0]! in last) ? last : null;
    const target: FormObject | FormValue[] = reuse ?? (rest[0] === '' ? [] : {});
    if (!reuse) container.push(target);
    assign(target, rest, value);
    return;
  }
  if (rest.length === 0) {
    container[head] = value;
    return;
  }
  const existing = container[head];
  const wantsArray = rest[0] === '';
  if (wantsArray ? !Array.isArray(existing) : !isObject(existing)) container[head] = wantsArray ? [] : {};
  assign(container[head] as FormObject | FormValue[], rest, value);
}

/** Objects keyed 0..n (the SDK's `items[0][price]`) become arrays, except under free-form keys. */
function arraysFromIndexes(value: FormValue, key: string | null): FormValue {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((element) => arraysFromIndexes(element, null));
  const freeForm = key !== null && FREE_FORM_KEYS.has(key);
  const converted: FormObject = {};
  for (const [childKey, child] of Object.entries(value)) converted[childKey] = freeForm ? child : arraysFromIndexes(child, childKey);
  const keys = Object.keys(converted);
  if (!freeForm && keys.length > 0 && keys.every((k) => /^(0|[1-9]\d*)$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k]!);
  }
  return converted;
}

/** Parses a form-encoded body or query string into Stripe's nested parameters. */
export function parseStripeForm(encoded: string): FormObject {
  const root: FormObject = {};
  for (const pair of encoded.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = decode(eq === -1 ? '' : pair.slice(eq + 1));
    if (key) assign(root, keyPath(key), value);
  }
  const params: FormObject = {};
  for (const [key, value] of Object.entries(root)) params[key] = arraysFromIndexes(value, key);
  return params;
}
