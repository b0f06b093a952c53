import { redirect } from 'next/navigation';
import { mayUseAdmin } from '@/lib/admin-overview/require-admin';
import { getSession } from '@/lib/auth/get-session';

// The front door: each kind of visitor goes where their work is. Anyone who may work in a workspace
// (an installation admin, or a member of one) starts in the admin area.
export default async function Home() {
  const session = await getSession();
  if (!session) redirect('/login');
  redirect((await mayUseAdmin(session)) ? '/admin' : '/billing');
}
