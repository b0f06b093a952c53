import { NextResponse } from 'next/server';

/**
 * A redirect with a relative Location. Behind a proxy, or when the server binds one host name and
 * the browser uses another, an absolute URL built from req.url can point at the wrong host, and the
 * session cookie set on this response would not travel with the browser.
 */
export function redirectTo(pathWithQuery: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: pathWithQuery } });
}
