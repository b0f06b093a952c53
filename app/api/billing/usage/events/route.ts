import { z } from 'zod';
import { readJson, withApiKey } from '@/lib/http/route-handlers';
import { BillingError } from '@/lib/errors/billing-error';
import { evaluateAfterIngestion } from '@/lib/alerts/evaluate-after-ingestion';
import { ingestUsageEvents } from '@/lib/usage/ingest-usage-events';
import { MAX_USAGE_BODY_BYTES, parseUsageEventsBody } from '@/lib/usage/usage-event-schema';

// POST /api/billing/usage/events - one event or {events: [...]} (up to 1,000), exactly once per
// (customer, event id); an invalid event anywhere in a batch means nothing of it is written
export const POST = withApiKey('usage:write', async ({ req, database, now }) => {
  const body = await readJson(req, z.unknown(), MAX_USAGE_BODY_BYTES);
  const parsed = parseUsageEventsBody(body);
  if ('details' in parsed) {
    throw new BillingError({
      code: 'validation_failed',
      status: 422,
      message: parsed.batch ? 'Some events are not valid; none of the batch was recorded' : 'The event is not valid',
      details: parsed.details,
    });
  }
  // alert rules are evaluated after the response, for what the batch touched (lib/alerts/usage-evaluation-queue.ts)
  const onStored = (touched: { customerIds: string[]; metricIds: string[] }) => evaluateAfterIngestion(database, touched);
  return Response.json(await ingestUsageEvents(database, parsed.events, { now, batch: parsed.batch, onStored }));
});
