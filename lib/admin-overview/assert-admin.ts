import 'server-only';
import { forbidden } from 'next/navigation';
import type { Session } from '@/lib/auth/claims';

/**
 * The admin reads use the privileged connection (no RLS), so each one checks the caller itself
 * rather than trusting that a layout did.
 */
export function assertAdmin(session: Session): void {
  if (!session.isAdmin) forbidden();
}
