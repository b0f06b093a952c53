// Customer-facing queries run as PostgREST runs them: inside a transaction, as role authenticated,
// with the verified JWT claims in request.jwt.claims. RLS then isolates customers; no WHERE clause
// anyone could forget does the job.
import { sql } from 'drizzle-orm';
import type { JwtClaims } from '@/lib/auth/claims';
import type { Db, Tx } from './client';

export async function asUser<T>(db: Db, claims: JwtClaims, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`);
    await tx.execute(sql`set local role authenticated`);
    return work(tx);
  });
}
