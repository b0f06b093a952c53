// What every dunning step is given: the run's time, the workspace's settings and who acts. The
// messages to the customer are not written here: the audit entries of each step queue them
// (lib/notifications/audit-notifications.ts), once per event.
import type { Actor } from '@/lib/audit/actor';
import type { BillingConfig } from '@/lib/config/billing-config';

export type DunningContext = { now: Date; config: BillingConfig; actor: Actor };
