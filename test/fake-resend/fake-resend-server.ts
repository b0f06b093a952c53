// A local HTTP server that speaks Resend's wire format, for tests: the real `resend` SDK is pointed at
// it (`new Resend(key, { baseUrl: fake.url })`, or RESEND_BASE_URL) and no test sends real mail. It
// accepts POST /emails as Resend validates it, keeps every accepted email in `delivered` (attachments
// decoded), answers GET /emails/:id, honours Idempotency-Key as Resend does, can be told to fail or
// to answer late, and builds and posts Resend's signed delivery webhooks. README.md lists what it models.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GetEmailResponseSuccess } from 'resend';
import {
  concurrentIdempotentRequests,
  emailNotFound,
  endpointNotFound,
  FakeResendError,
  internalServerError,
  invalidApiKey,
  invalidAttachment,
  invalidIdempotencyKey,
  invalidIdempotentRequest,
  methodNotAllowed,
  missingApiKey,
  missingField,
  validationError,
} from './resend-errors';
import { FAKE_RESEND_WEBHOOK_SECRET, postResendWebhook, resendWebhookEvent, type ResendDeliveryEvent, type ResendDeliveryEventType, type WebhookEventOptions } from './resend-webhooks';

export type FakeResendOptions = {
  /** Port to listen on; default 0, a free port. */
  port?: number;
  /** The clock for `created_at`, idempotency expiry and webhook times; default the real one. */
  now?: () => Date;
  /**
   * Delay before each POST is handled. Meanwhile its idempotency key is in flight, and another request
   * with the key gets Resend's 409 concurrent_idempotent_requests.
   */
  latencyMs?: number;
};

export type FakeResendAttachment = {
  filename: string | null;
  /** the decoded bytes of `content`; null for an attachment given by `path` (the fake fetches nothing) */
  content: Buffer | null;
  path: string | null;
  contentType: string | null;
  contentId: string | null;
};

type LastEvent = GetEmailResponseSuccess['last_event'];

/** One accepted email: one delivery to its recipients. */
export type FakeResendEmail = {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html: string | null;
  text: string | null;
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  attachments: FakeResendAttachment[];
  /** the Idempotency-Key it was sent with, or null */
  idempotencyKey: string | null;
  apiKey: string;
  createdAt: Date;
  /** `sent`, then what the last webhook built by webhookEvent said (delivered, bounced, …) */
  lastEvent: LastEvent;
};

export type FakeResendRequest = {
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** the parsed JSON body (null for a GET or a body that is not JSON) */
  body: unknown;
  /** the status answered; null while the answer is held back (delayNextPosts) or when none was sent */
  status: number | null;
  /** answered from the idempotency store: nothing was done again */
  replayed: boolean;
  at: Date;
};

export type PostFailureOptions = {
  /**
   * Accept and record the email (and keep its answer under the idempotency key), then answer 500:
   * the server did the work but the client never heard. Default false: fail without doing anything.
   */
  afterRecording?: boolean;
};

export type FakeResend = {
  /** Base URL, e.g. http://127.0.0.1:43121 (the SDK's `baseUrl`, the app's RESEND_BASE_URL). */
  url: string;
  port: number;
  /** Every accepted email, oldest first: what recipients got. A replayed request adds nothing. */
  readonly delivered: FakeResendEmail[];
  /** Every request, oldest first. */
  readonly requests: FakeResendRequest[];
  /** The accepted email with this id, or undefined. */
  email(id: string): FakeResendEmail | undefined;
  /** The next `count` POST /emails answer 500 internal_server_error (see PostFailureOptions). */
  failNextPosts(count?: number, options?: PostFailureOptions): void;
  /**
   * The next `count` POST /emails are handled at once (the email is recorded, its answer kept under the
   * idempotency key) but answered only after `ms`: a client that gives up and retries with the same key
   * gets the same id, and nothing is delivered twice.
   */
  delayNextPosts(ms: number, count?: number): void;
  /**
   * The webhook event Resend would send about an accepted email (its to, from and subject); it becomes
   * the email's `last_event`. email.bounced defaults to a permanent bounce.
   */
  webhookEvent<T extends ResendDeliveryEventType>(type: T, emailId: string, options?: WebhookEventOptions): Extract<ResendDeliveryEvent, { type: T }>;
  /** Builds that event, signs it (default FAKE_RESEND_WEBHOOK_SECRET) and posts it to `url`. */
  sendWebhook(url: string, type: ResendDeliveryEventType, emailId: string, options?: WebhookEventOptions & { secret?: string }): Promise<Response>;
  /** Forgets every email, request, idempotency key and armed failure. */
  reset(): void;
  close(): Promise<void>;
};

/** How long Resend keeps an idempotency key. */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
const MAX_RECIPIENTS = 50;
/** Resend's limit for one email with its attachments, after base64 encoding. */
const MAX_EMAIL_BYTES = 40 * 1024 * 1024;

type StoredAnswer = { fingerprint: string; status: number; body: string; at: Date } | { inFlight: true };

/** Canonical JSON (sorted keys): the same payload with its keys in another order is the same request. */
function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${fingerprint((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `email@example.com` or `Name <email@example.com>`, as Resend accepts them. */
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
function isAddress(value: string, allowName: boolean): boolean {
  const trimmed = value.trim();
  if (ADDRESS.test(trimmed)) return true;
  const named = /^(.*)<([^<>]+)>$/.exec(trimmed);
  return allowName && named !== null && ADDRESS.test(named[2]!.trim());
}

const addressFormat = 'The email address needs to follow the `email@example.com` or `Name <email@example.com>` format.';

/** A string or an array of strings, as `to`, `cc`, `bcc` and `reply_to` may be. */
function addressList(body: Record<string, unknown>, field: string, { required }: { required: boolean }): string[] {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw missingField(field);
    return [];
  }
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) throw validationError(`Invalid \`${field}\` field. It must be a string or an array of strings.`);
  if (required && list.length === 0) throw missingField(field);
  if (list.length > MAX_RECIPIENTS) throw validationError(`Invalid \`${field}\` field. You can send to at most ${MAX_RECIPIENTS} recipients.`);
  for (const address of list as string[]) if (!isAddress(address, true)) throw validationError(`Invalid \`${field}\` field. ${addressFormat}`);
  return (list as string[]).map((address) => address.trim());
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function parseAttachments(value: unknown): FakeResendAttachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError('Invalid `attachments` field. It must be an array.');
  return value.map((item: unknown) => {
    if (item === null || typeof item !== 'object') throw invalidAttachment('Attachment must have either a `content` or `path`.');
    const attachment = item as Record<string, unknown>;
    const { content, path, filename } = attachment;
    if ((content === undefined || content === null) && (path === undefined || path === null)) throw invalidAttachment('Attachment must have either a `content` or `path`.');
    // the SDK sends Buffers and Uint8Arrays as base64; anything else is what a hand-made request sent
    if (content !== undefined && content !== null && (typeof content !== 'string' || !BASE64.test(content.replace(/\s+/g, '')))) {
      throw invalidAttachment('Attachment `content` must be a base64-encoded string.');
    }
    if (typeof content === 'string' && (typeof filename !== 'string' || filename.trim() === '')) throw invalidAttachment('Attachment with `content` must have a `filename`.');
    return {
      filename: typeof filename === 'string' ? filename : null,
      content: typeof content === 'string' ? Buffer.from(content, 'base64') : null,
      path: typeof path === 'string' ? path : null,
      contentType: typeof attachment.content_type === 'string' ? attachment.content_type : null,
      contentId: typeof attachment.content_id === 'string' ? attachment.content_id : null,
    };
  });
}

type EmailFields = Omit<FakeResendEmail, 'id' | 'idempotencyKey' | 'apiKey' | 'createdAt' | 'lastEvent'>;

/** POST /emails's body checked in Resend's order: required fields, addresses, content, attachments. */
function parseEmail(body: unknown, rawLength: number): EmailFields {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validationError('Invalid request body: it must be a JSON object.', 400);
  const email = body as Record<string, unknown>;
  if (typeof email.from !== 'string' || email.from.trim() === '') throw missingField('from');
  const to = addressList(email, 'to', { required: true });
  if (typeof email.subject !== 'string' || email.subject === '') throw missingField('subject');
  if (!isAddress(email.from, true)) throw validationError(`Invalid \`from\` field. ${addressFormat}`);
  const html = typeof email.html === 'string' && email.html !== '' ? email.html : null;
  const text = typeof email.text === 'string' && email.text !== '' ? email.text : null;
  // Resend wants a body: html, text (or a template, which the fake does not model)
  if (html === null && text === null) throw missingField('html` or `text');
  if (rawLength > MAX_EMAIL_BYTES) throw validationError('The email is larger than 40MB, attachments included.');
  const headers = email.headers && typeof email.headers === 'object' ? (email.headers as Record<string, string>) : {};
  const tags = Array.isArray(email.tags) ? (email.tags as { name: string; value: string }[]) : [];
  return {
    from: email.from.trim(),
    to,
    cc: addressList(email, 'cc', { required: false }),
    bcc: addressList(email, 'bcc', { required: false }),
    replyTo: addressList(email, 'reply_to', { required: false }),
    subject: email.subject,
    html,
    text,
    headers,
    tags,
    attachments: parseAttachments(email.attachments),
  };
}

/** The API key from `Authorization: Bearer re_…`. */
function apiKeyOf(req: IncomingMessage): string {
  const match = /^Bearer\s+(.*)$/i.exec(req.headers.authorization ?? '');
  const key = match?.[1]?.trim() ?? '';
  if (!key) throw missingApiKey();
  if (!/^re_\w+$/.test(key)) throw invalidApiKey();
  return key;
}

function toWire(email: FakeResendEmail): GetEmailResponseSuccess {
  return {
    object: 'email',
    id: email.id,
    to: email.to,
    from: email.from,
    created_at: email.createdAt.toISOString(),
    subject: email.subject,
    html: email.html,
    text: email.text,
    bcc: email.bcc.length ? email.bcc : null,
    cc: email.cc.length ? email.cc : null,
    reply_to: email.replyTo.length ? email.replyTo : null,
    last_event: email.lastEvent,
    scheduled_at: null,
    message_id: `<${email.id}@email.amazonses.com>`,
    tags: email.tags,
  };
}

/** Whether the client closed the connection (a timeout on its side) before the answer was written. */
function clientGone(res: ServerResponse): boolean {
  return res.destroyed || !res.socket || res.socket.destroyed;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const now = options.now ?? (() => new Date());
  let delivered: FakeResendEmail[] = [];
  let requests: FakeResendRequest[] = [];
  let byId = new Map<string, FakeResendEmail>();
  /** idempotency keys are scoped to the API key */
  let idempotent = new Map<string, StoredAnswer>();
  let failures: PostFailureOptions[] = [];
  let delays: number[] = [];

  function send(res: ServerResponse, status: number, body: string) {
    // a client that gave up has closed the socket: the answer goes nowhere, as with Resend
    if (clientGone(res)) return;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
    res.end(body);
  }

  /** Accepts the email: it is delivered from here on, whatever happens to the answer. */
  function accept(fields: EmailFields, apiKey: string, idempotencyKey: string | null): FakeResendEmail {
    const email: FakeResendEmail = { id: randomUUID(), ...fields, idempotencyKey, apiKey, createdAt: now(), lastEvent: 'sent' };
    delivered.push(email);
    byId.set(email.id, email);
    return email;
  }

  async function postEmail(req: IncomingMessage, raw: string, entry: FakeResendRequest, res: ServerResponse): Promise<void> {
    const apiKey = apiKeyOf(req);
    const header = req.headers['idempotency-key'];
    const idempotencyKey = typeof header === 'string' ? header : null;
    if (idempotencyKey !== null && (idempotencyKey.length < 1 || idempotencyKey.length > 256)) throw invalidIdempotencyKey();
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw validationError('Invalid request body: it is not valid JSON.', 400);
    }
    entry.body = body;
    const print = fingerprint(body);
    const scope = idempotencyKey === null ? null : `${apiKey}\n${idempotencyKey}`;
    if (scope) {
      const previous = idempotent.get(scope);
      if (previous && 'inFlight' in previous) throw concurrentIdempotentRequests();
      if (previous && now().getTime() - previous.at.getTime() < IDEMPOTENCY_TTL_MS) {
        if (previous.fingerprint !== print) throw invalidIdempotentRequest();
        // the first answer again; nothing is sent twice
        entry.replayed = true;
        entry.status = previous.status;
        return send(res, previous.status, previous.body);
      }
      idempotent.set(scope, { inFlight: true });
    }
    try {
      if (options.latencyMs) await sleep(options.latencyMs);
      const failure = failures.shift();
      // failed before doing anything: the key is free again (below), and a retry does the work
      if (failure && !failure.afterRecording) throw internalServerError();
      const email = accept(parseEmail(body, Buffer.byteLength(raw)), apiKey, idempotencyKey);
      let status = 200;
      let answer = JSON.stringify({ id: email.id });
      if (scope) idempotent.set(scope, { fingerprint: print, status, body: answer, at: now() });
      if (failure?.afterRecording) {
        // the work is done and kept under the key; only the answer is lost
        const lost = internalServerError();
        status = lost.statusCode;
        answer = JSON.stringify(lost.body());
      }
      const delay = delays.shift();
      if (delay) await sleep(delay);
      if (clientGone(res)) return;
      entry.status = status;
      send(res, status, answer);
    } catch (error) {
      // nothing was kept: a refused or failed request can be corrected and sent again with the key
      const stored = scope ? idempotent.get(scope) : undefined;
      if (scope && stored && 'inFlight' in stored) idempotent.delete(scope);
      throw error;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://fake-resend').pathname.replace(/\/+$/, '') || '/';
    const raw = await readBody(req);
    const header = req.headers['idempotency-key'];
    const entry: FakeResendRequest = { method, path, idempotencyKey: typeof header === 'string' ? header : null, body: null, status: null, replayed: false, at: now() };
    requests.push(entry);
    try {
      if (path === '/emails') {
        if (method !== 'POST') throw methodNotAllowed();
        return await postEmail(req, raw, entry, res);
      }
      const match = /^\/emails\/([^/]+)$/.exec(path);
      if (match) {
        if (method !== 'GET') throw methodNotAllowed();
        apiKeyOf(req);
        const email = byId.get(decodeURIComponent(match[1]!));
        if (!email) throw emailNotFound();
        entry.status = 200;
        return send(res, 200, JSON.stringify(toWire(email)));
      }
      throw endpointNotFound();
    } catch (error) {
      const known = error instanceof FakeResendError ? error : null;
      if (!known) console.error('[fake-resend] handler failed', method, path, error);
      const answer = known ?? internalServerError();
      entry.status = answer.statusCode;
      send(res, answer.statusCode, JSON.stringify(answer.body()));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[fake-resend] request failed', error);
      if (!res.headersSent) send(res, 500, JSON.stringify(internalServerError().body()));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const webhookEvent: FakeResend['webhookEvent'] = (type, emailId, eventOptions = {}) => {
    const email = byId.get(emailId);
    if (!email) throw new Error(`webhookEvent: the fake Resend accepted no email ${emailId}`);
    const event = resendWebhookEvent(type, email, { at: now(), ...eventOptions });
    email.lastEvent = type.slice('email.'.length) as LastEvent;
    return event;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get delivered() {
      return delivered;
    },
    get requests() {
      return requests;
    },
    email: (id) => byId.get(id),
    failNextPosts(count = 1, failureOptions = {}) {
      for (let i = 0; i < count; i++) failures.push({ ...failureOptions });
    },
    delayNextPosts(ms, count = 1) {
      for (let i = 0; i < count; i++) delays.push(ms);
    },
    webhookEvent,
    sendWebhook(url, type, emailId, { secret = FAKE_RESEND_WEBHOOK_SECRET, ...eventOptions } = {}) {
      return postResendWebhook(url, webhookEvent(type, emailId, eventOptions), secret);
    },
    reset() {
      delivered = [];
      requests = [];
      byId = new Map();
      idempotent = new Map();
      failures = [];
      delays = [];
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
