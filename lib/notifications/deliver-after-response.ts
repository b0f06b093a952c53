import 'server-only';
// Right after a response that may have queued messages (an admin's change, a customer's action, a
// Stripe event), send them: Next's after() runs this once the answer is on its way, so the caller
// never waits for Resend or a slow webhook endpoint. What fails here stays queued for its retry and
// for the next automation run.
import { after } from 'next/server';
import type { Database } from '@/lib/db/client';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import type { WorkspaceServices } from '@/lib/workspaces/workspace-services';
import { deliverNotifications } from './deliver-notifications';

/** Long enough for a handful of messages, well inside a serverless function's time after the answer. */
const AFTER_RESPONSE_BUDGET_MS = 20_000;

export function deliverAfterResponse(database: Database, { workspace, services }: { workspace: Workspace; services: WorkspaceServices }) {
  const send = async () => {
    try {
      // the clock is read here, after the response, not at the request's start: a message the request
      // queued is due from the moment it was written, and retries are timed from when they are tried
      const now = new Date();
      await deliverNotifications(database, { now, workspace, services, deadline: now.getTime() + AFTER_RESPONSE_BUDGET_MS });
    } catch (error) {
      console.error(`[notifications] sending after the response failed in workspace ${workspace.slug}; the automation run retries:`, error instanceof Error ? error.message : error);
    }
  };
  try {
    after(send);
  } catch {
    // a handler called outside a Next request (a test calling the route function itself): nothing to
    // wait for the response, so the messages stay queued for the next automation run
  }
}
