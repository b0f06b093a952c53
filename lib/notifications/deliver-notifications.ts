// Everything the outbox holds for one workspace, sent: its emails through Resend and its webhook
// events to the workspace's endpoints. The automation run calls this as its notifications step, and
// every request that may have queued something calls it again right after its response
// (deliver-after-response.ts), so messages leave within seconds and the run is the safety net.
import type { Database } from '@/lib/db/client';
import { deliverWebhooks, type DeliverWebhooksResult } from '@/lib/webhooks/deliver-webhooks';
import type { Workspace } from '@/lib/workspaces/workspace-config';
import type { WorkspaceServices } from '@/lib/workspaces/workspace-services';
import { sendDueEmails, type EmailSendOutcome } from './send-due-emails';

export type NotificationsOutcome = {
  emails: EmailSendOutcome;
  webhooks: DeliverWebhooksResult;
  /** the run log's step figures: messages handled, still due, and given up on */
  done: number;
  remaining: number;
  failed: number;
};

export async function deliverNotifications(
  database: Database,
  { now, workspace, services, deadline }: { now: Date; workspace: Workspace; services: WorkspaceServices; deadline?: number },
): Promise<NotificationsOutcome> {
  const emails = await sendDueEmails(database.db, {
    now,
    workspace,
    config: services.config,
    resend: services.email?.resend ?? null,
    from: services.email?.from ?? null,
    deadline,
  });
  const webhooks = await deliverWebhooks(database.db, { now, deadline });
  return {
    emails,
    webhooks,
    done: emails.sent + emails.notConfigured + webhooks.done,
    remaining: emails.remaining + webhooks.remaining,
    failed: emails.failed + webhooks.failed,
  };
}
