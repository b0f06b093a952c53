'use client';

import { ActionButton } from '@/components/action-button';
import { runNowAction } from './actions';

/** The page's one action; viewers are not shown it (and the action would refuse them). */
export function RunNowButton() {
  return <ActionButton action={runNowAction} fields={{}} label="Run now" pendingLabel="Running…" testId="run-now" />;
}
