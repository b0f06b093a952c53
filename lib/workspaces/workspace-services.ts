// What a workspace's work runs with when no request carries it (the automation run, the CLI, Stripe's
// webhook): its billing settings and its Stripe client, the platform's key acting for its Connect
// account. Runs across workspaces take this as a parameter, so a test can hand in a client pointed at
// a local Stripe; everything else uses workspaceServices.
import type { Resend } from 'resend';
import type Stripe from 'stripe';
import type { BillingConfig } from '@/lib/config/billing-config';
import { resendClient } from '@/lib/notifications/resend-client';
import { stripeForWorkspace } from '@/lib/stripe/stripe-client';
import { workspaceConfig, workspaceEmailFrom, type Workspace } from './workspace-config';

export type WorkspaceServices = {
  config: BillingConfig;
  stripe: Stripe | null;
  /** the installation's Resend client and this workspace's sender; left out: emails are only rendered */
  email?: { resend: Resend | null; from: string | null };
};
export type ServicesFor = (workspace: Workspace) => WorkspaceServices;

export const workspaceServices: ServicesFor = (workspace) => ({
  config: workspaceConfig(workspace),
  stripe: stripeForWorkspace(workspace),
  email: { resend: resendClient(), from: workspaceEmailFrom(workspace) },
});
