import 'server-only';
// The download every export route answers with: the streamed JSON document as an attachment.
import type { Database } from '@/lib/db/client';
import { customerExportStream, exportFileName } from './export-customer';

export async function customerExportResponse(database: Database, customerId: string, now: Date): Promise<Response> {
  const stream = await customerExportStream(database.db, database.installation.db, customerId, { now });
  return new Response(stream, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${exportFileName({ id: customerId }, now)}"`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
