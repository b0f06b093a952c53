'use client';

import { ActionButton } from '@/components/action-button';
import { runNowAction } from './actions';

/** The page's one action; a viewer sees it greyed out (and the action would refuse them). */
export function RunNowButton({ disabled }: { disabled: boolean }) {
  return <ActionButton action={runNowAction} fields={{}} label="Run now" pendingLabel="Running…" disabled={disabled} testId="run-now" />;
}
