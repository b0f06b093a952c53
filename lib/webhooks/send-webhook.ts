// One attempt at one delivery: a POST of the signed body, answered 2xx within the timeout or failed.
// Redirects are not followed: the address was checked, the Location is not (and Standard Webhooks
// treats a 3xx as a failure too).
import type { WebhookHeaders } from './sign-webhook';

export type WebhookFetch = typeof fetch;

export type AttemptOutcome =
  | { ok: true; status: number }
  /** status: the endpoint's answer, null when there was none */
  | { ok: false; status: number | null; error: string };

/** How much of an answer (or an error) is kept in last_error. */
export const LAST_ERROR_CHARS = 1_000;

/** The first characters of an answer's body, without reading a body that never ends. */
async function readExcerpt(response: Response, maxChars: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < maxChars) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // a body cut off (or timed out) halfway: what arrived is the excerpt
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text.slice(0, maxChars);
}

function networkError(error: unknown, timeoutMs: number): string {
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs / 1000} s`;
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = cause && typeof cause.code === 'string' ? cause.code : cause && typeof cause.message === 'string' ? cause.message : null;
  return detail ? `${message} (${detail})` : message;
}

export const truncate = (text: string) => (text.length > LAST_ERROR_CHARS ? text.slice(0, LAST_ERROR_CHARS) : text);

export async function sendWebhook({
  url,
  body,
  headers,
  timeoutMs,
  fetch: send = fetch,
}: {
  url: string;
  body: string;
  headers: WebhookHeaders;
  timeoutMs: number;
  fetch?: WebhookFetch;
}): Promise<AttemptOutcome> {
  // real time, of course: the endpoint has this long to answer, whatever the run's `now` says
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Meterbill-Webhooks/1.0', ...headers },
      body,
      redirect: 'manual',
      signal,
    });
  } catch (error) {
    return { ok: false, status: null, error: truncate(networkError(error, timeoutMs)) };
  }
  const excerpt = await readExcerpt(response, LAST_ERROR_CHARS);
  if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
  if (signal.aborted) return { ok: false, status: response.status, error: truncate(`HTTP ${response.status}, then no full answer within ${timeoutMs / 1000} s`) };
  const redirect = response.status >= 300 && response.status < 400 ? ` (redirects are not followed${response.headers.get('location') ? `: ${response.headers.get('location')}` : ''})` : '';
  return { ok: false, status: response.status, error: truncate(`HTTP ${response.status}${redirect}${excerpt ? `: ${excerpt}` : ''}`) };
}
