// A small method + path router: patterns like `/v1/invoices/:id/finalize`, segments decoded.

export type PathParams = Record<string, string>;

export type PathMatcher = (path: string) => PathParams | null;

/** Compiles `/v1/customers/:id` into a matcher returning `{ id }`, or null when the path differs. */
export function compilePath(pattern: string): PathMatcher {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  const regex = new RegExp(`^${source}$`);
  return (path) => {
    const match = regex.exec(path);
    if (!match) return null;
    return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
  };
}

export class Router<Handler> {
  private readonly routes: { method: string; match: PathMatcher; handler: Handler }[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, match: compilePath(pattern), handler });
    return this;
  }

  find(method: string, path: string): { handler: Handler; params: PathParams } | null {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = route.match(path);
      if (params) return { handler: route.handler, params };
    }
    return null;
  }
}
