// Customer-facing queries run as PostgREST runs them: inside a transaction, as role authenticated,
// with the verified JWT claims in request.jwt.claims. RLS then isolates customers; no WHERE clause
// anyone could forget does the job.
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './client';

/** The verified claims (lib/auth/claims.ts) as PostgREST passes them; RLS reads `sub` through auth.uid(). */
export type RequestClaims = Readonly<Record<string, unknown>> & { sub: string };

export async function asUser<T>(db: Db, claims: RequestClaims, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`);
    await tx.execute(sql`set local role authenticated`);
    return work(tx);
  });
}
