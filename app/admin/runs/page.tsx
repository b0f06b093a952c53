import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { toExact } from '@/lib/billing/exact-decimal';
import { StatCard } from '@/components/stat-card';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { AUTOMATION_STEPS } from '@/lib/automation/run-automation';
import { formatDateTime, formatDuration } from '@/lib/format/format-date';
import { formatPercent } from '@/lib/format/format-percent';
import { humanize } from '@/lib/format/format-text';
import { listBillingRuns } from '@/lib/invoicing/automation-log';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { RunNowButton } from './run-now-button';

export const metadata: Metadata = { title: 'Billing runs' };

const LIMIT = 50;

/**
 * The workspace's automation runs, newest first: what each step did, how long it took, what is left
 * for the next run, and each failure with its customer; "Run now" runs it for this workspace.
 */
export default async function AdminRunsPage() {
  const scope = await requireAdminWorkspace('/admin/runs');
  const { data: runs, stats } = await listBillingRuns(scope.database.db, LIMIT);
  return (
    <>
      <PageHeader
        title="Billing runs"
        description="Vercel Cron runs billing every day: periods that ended are invoiced, then mirrored to Stripe, dunned, emailed and checked against alerts."
        actions={mayWrite(scope.role) ? <RunNowButton /> : undefined}
      />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <StatCard testId="runs-count" label="Runs (seed excluded)" value={stats.runs} hint={stats.last_run_at ? `Last ${formatDateTime(stats.last_run_at)}` : 'None yet'} />
        <StatCard testId="runs-success" label="Completed" value={stats.success_rate === null ? '—' : formatPercent(toExact(stats.success_rate, 'success_rate').times(100).toDecimalPlaces(1).toFixed())} hint={`${stats.partial} partial, ${stats.failed} failed`} />
        <StatCard testId="runs-invoiced" label="Invoices issued by runs" value={stats.invoices_issued} hint={`${stats.customer_errors} customer errors`} />
      </div>
      <Table label="Billing runs" data-testid="run-table">
        <THead>
          <Th>Started</Th>
          <Th>Trigger</Th>
          <Th>Status</Th>
          <Th align="right">Invoiced</Th>
          <Th>Steps (done · left · failed)</Th>
          <Th align="right">Duration</Th>
          <Th>Failures</Th>
        </THead>
        <TBody>
          {runs.length === 0 ? (
            <EmptyRow colSpan={7}>Billing has not run yet.</EmptyRow>
          ) : (
            runs.map((run) => (
              <tr key={run.id} data-testid="run-row" data-trigger={run.trigger} className="align-top">
                <Td>{formatDateTime(run.started_at)}</Td>
                <Td>{humanize(run.trigger)}</Td>
                <Td>
                  <StatusBadge status={run.status} />
                </Td>
                <Td align="right" strong>
                  {run.invoiced}
                  <span className="block text-xs font-normal text-slate-500">of {run.processed}</span>
                </Td>
                <Td>
                  <ul className="space-y-0.5 text-xs" data-testid="run-steps">
                    {AUTOMATION_STEPS.filter((name) => run.steps[name]).map((name) => {
                      const step = run.steps[name]!;
                      return (
                        <li key={name}>
                          <span className="inline-block w-24 text-slate-500">{humanize(name)}</span>
                          {step.done} · {step.remaining} · {step.failed ?? 0}
                          <span className="text-slate-500"> ({formatDuration(step.duration_ms)})</span>
                        </li>
                      );
                    })}
                  </ul>
                </Td>
                <Td align="right">{formatDuration(run.duration_ms)}</Td>
                <Td className="whitespace-normal">
                  {run.errors.length === 0 ? (
                    <span className="text-slate-500">None</span>
                  ) : (
                    <details data-testid="run-errors">
                      <summary className="cursor-pointer text-red-700">
                        {run.errors.length} {run.errors.length === 1 ? 'failure' : 'failures'}
                      </summary>
                      <ul className="mt-1 max-w-sm space-y-1 text-xs text-slate-700">
                        {run.errors.map((e, i) => (
                          <li key={i} className="break-words">
                            {e.customer_id ? (
                              <a href={`/admin/customers/${e.customer_id}`} className="text-indigo-700 hover:underline">
                                Customer
                              </a>
                            ) : (
                              'Run'
                            )}
                            : {e.message}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </Td>
              </tr>
            ))
          )}
        </TBody>
      </Table>
    </>
  );
}
