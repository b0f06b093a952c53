// Events of a metric with declared dimensions (Lyceum's licenses by tier, clusters by size and type)
// are kept apart per combination of those property values, so a charge filtered on some of them
// ({tier: 'professional'}) can be rated from rollups without reading raw events.

/** A property value that can name a dimension; objects, arrays and null cannot. */
function dimensionValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * 'size=small,type=production': the declared dimensions present in the properties, sorted by code
 * unit (never by locale) and URI-encoded so a value holding ',' or '=' cannot forge another key.
 * '' when the metric has no dimensions or the event names none of them.
 */
export function dimensionKey(dimensions: readonly string[], properties: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const name of [...dimensions].sort()) {
    const value = dimensionValue(properties[name]);
    if (value !== null) parts.push(`${name}=${encodeURIComponent(value)}`);
  }
  return parts.join(',');
}

export function parseDimensionKey(key: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (key === '') return result;
  for (const part of key.split(',')) {
    const eq = part.indexOf('=');
    result[part.slice(0, eq)] = decodeURIComponent(part.slice(eq + 1));
  }
  return result;
}

/** Whether events under this dimension key count toward a charge with these filters. */
export function dimensionMatches(key: string, filters: Record<string, string> | undefined): boolean {
  const entries = Object.entries(filters ?? {});
  if (entries.length === 0) return true;
  const values = parseDimensionKey(key);
  return entries.every(([name, wanted]) => values[name] === wanted);
}
