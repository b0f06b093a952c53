import { randomUUID } from 'node:crypto';
import { parseUsageEventsBody } from '@/lib/usage/usage-event-schema';
const ids = Array.from({ length: 200 }, () => randomUUID());
const now = Date.now();
function body(b: number) {
  const events = [];
  for (let i = 0; i < 1000; i++) {
    const n = b * 1000 + i;
    events.push({ id: `bench-${b}-${i}-abcd1234`, customer_id: ids[n % 200], metric: ['api_calls', 'ai_credits', 'storage_gb'][n % 3], quantity: String((n % 97) + 1) + '.25', timestamp: new Date(now - (n % 3_600_000)).toISOString(), properties: { endpoint: `/v1/items/${n % 13}`, region: n % 2 ? 'eu-west-1' : 'us-east-1' } });
  }
  return JSON.stringify({ events });
}
const bodies = Array.from({ length: 50 }, (_, b) => body(b));
for (const label of ['warm', 'measure']) {
  let tParse = 0, tValidate = 0;
  for (const text of bodies) {
    const t0 = performance.now();
    const parsed = JSON.parse(text);
    const t1 = performance.now();
    const r = parseUsageEventsBody(parsed);
    const t2 = performance.now();
    if ('error' in r) throw r.error;
    tParse += t1 - t0; tValidate += t2 - t1;
  }
  console.log(label, 'per batch: JSON.parse', (tParse / bodies.length).toFixed(2), 'ms, zod', (tValidate / bodies.length).toFixed(2), 'ms');
}
