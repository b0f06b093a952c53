// A webhook receiver for tests: a real HTTP server on 127.0.0.1 that records every request it gets
// (raw body and headers) and answers as the test says: a status, or never (a dead endpoint).
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ReceivedWebhook = { headers: IncomingHttpHeaders; body: string; receivedAt: number };

/** What to answer the n-th request (0-based): a status, or 'hang' to never answer. */
export type Answer = number | 'hang';

export type WebhookReceiver = {
  url: string;
  received: ReceivedWebhook[];
  /** the answers, in order; the last one repeats */
  answer(...answers: Answer[]): void;
  close(): Promise<void>;
};

export async function startWebhookReceiver(path = '/webhooks'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let answers: Answer[] = [200];
  let count = 0;
  const hanging: ServerResponse[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() });
      const answer = answers[Math.min(count++, answers.length - 1)]!;
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer >= 200 && answer < 300 ? 'ok' : `receiver says ${answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer: (...next: Answer[]) => {
      answers = next;
      count = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
