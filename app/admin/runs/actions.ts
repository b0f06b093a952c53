'use server';
// "Run now" on /admin/runs: the automation run (bill what has ended, mirror, dun, send, alerts) for the
// workspace the switcher chose, as the signed-in admin, exactly as the cron runs it for every
// workspace. Overlapping runs share the work (row locks), so a click during the cron's run bills
// nothing twice. A viewer may look but not run.
import { revalidatePath } from 'next/cache';
import { actingAdmin, VIEW_ONLY_MESSAGE } from '@/lib/admin-overview/require-admin';
import { getDatabase } from '@/lib/app/get-database';
import { runAutomation } from '@/lib/automation/run-automation';

const PAGE = '/admin/runs';
// a click waits for the answer: a minute at most, and what is left is the next run's (as the cron's 240 s)
const RUN_NOW_BUDGET_MS = 60_000;

export type RunNowState = { status: 'idle' | 'done' | 'error'; message?: string };

export async function runNowAction(_previous: RunNowState, _form: FormData): Promise<RunNowState> {
  const admin = await actingAdmin(PAGE);
  if (!admin) return { status: 'error', message: VIEW_ONLY_MESSAGE };
  const run = await runAutomation(await getDatabase(), { now: new Date(), actor: admin.actor, trigger: 'manual', budgetMs: RUN_NOW_BUDGET_MS, workspaces: [admin.scope.workspace] });
  revalidatePath(PAGE);
  revalidatePath('/admin');
  const left = run.remaining > 0 ? ` ${run.remaining} left for the next run.` : '';
  const failed = run.failed > 0 ? ` ${run.failed} failed: see the run below.` : '';
  return { status: run.failed > 0 ? 'error' : 'done', message: `Run finished: ${run.invoiced} ${run.invoiced === 1 ? 'invoice' : 'invoices'} issued from ${run.processed} ${run.processed === 1 ? 'period' : 'periods'}.${failed}${left}` };
}
