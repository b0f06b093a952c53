// The two things that make a workspace collide with another: its slug and its Stripe account.
import { postgresError, PG_UNIQUE_VIOLATION } from '@/lib/db/postgres-error';
import { BillingError } from '@/lib/errors/billing-error';

export function rethrowWorkspaceConflict(error: unknown, values: { slug?: string; stripe_account_id?: string | null }): never {
  const pg = postgresError(error);
  if (pg?.code === PG_UNIQUE_VIOLATION && pg.constraint === 'workspaces_slug_key') {
    throw new BillingError({
      code: 'workspace_exists',
      status: 409,
      message: `A workspace with slug ${values.slug} already exists`,
      details: [{ field: 'slug', message: 'is taken' }],
    });
  }
  if (pg?.code === PG_UNIQUE_VIOLATION && pg.constraint === 'workspaces_stripe_account_id_key') {
    throw new BillingError({
      code: 'stripe_account_taken',
      status: 409,
      message: `The Stripe account ${values.stripe_account_id} is already connected to another workspace`,
      details: [{ field: 'stripe_account_id', message: 'belongs to another workspace' }],
    });
  }
  throw error;
}
