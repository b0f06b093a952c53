import { redirect } from 'next/navigation';
import { getSession } from '@/lib/auth/get-session';

// The front door: each kind of visitor goes where their work is.
export default async function Home() {
  const session = await getSession();
  if (!session) redirect('/login');
  redirect(session.isAdmin ? '/admin' : '/billing');
}
