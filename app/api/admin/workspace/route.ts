import { getSession } from '@/lib/auth/get-session';
import { BillingError, unauthenticated } from '@/lib/errors/billing-error';
import { redirectTo } from '@/lib/http/redirect';
import { withPublic } from '@/lib/http/route-handlers';
import { WORKSPACE_COOKIE } from '@/lib/workspaces/session-workspaces';
import { switchableWorkspace } from '@/lib/workspaces/switch-workspace';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

// POST /api/admin/workspace - the admin header's switcher (a plain form post, field `workspace` = a
// slug): remembers the workspace in a cookie and goes back to /admin. Not behind withAdmin: a
// viewer, who may not change anything in the workspace they are in, may still leave it.
export const POST = withPublic(async ({ req, database }) => {
  const session = await getSession();
  if (!session) throw unauthenticated();
  const form = await req.formData().catch(() => null);
  const slug = form?.get('workspace');
  if (typeof slug !== 'string' || slug === '') {
    throw new BillingError({
      code: 'validation_failed',
      status: 422,
      message: 'Choose a workspace',
      details: [{ field: 'workspace', message: 'is required' }],
    });
  }
  const { workspace } = await switchableWorkspace(database.installation.db, session, slug);
  const response = redirectTo('/admin');
  response.cookies.set(WORKSPACE_COOKIE, workspace.slug, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.nextUrl.protocol === 'https:',
    path: '/',
    maxAge: ONE_YEAR_SECONDS,
  });
  return response;
});
