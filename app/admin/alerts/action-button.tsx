'use client';
// One small change on the page (enable, disable, delete) as its own form posting to a Server
// Action: keyboard reachable, working before JavaScript loads, its outcome said beside it.
import { useActionState } from 'react';
import type { ActionState } from './actions';

type Tone = 'default' | 'danger';

const TONES: Record<Tone, string> = {
  default: 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
  danger: 'bg-red-600 text-white ring-red-600 hover:bg-red-500',
};

export function ActionButton({
  action,
  fields,
  label,
  pendingLabel,
  tone = 'default',
  disabled = false,
  testId,
}: {
  action: (previous: ActionState, form: FormData) => Promise<ActionState>;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  tone?: Tone;
  /** a viewer's button: shown, but it does nothing (and the action would refuse) */
  disabled?: boolean;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { status: 'idle' } as ActionState);
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        data-testid={testId}
        disabled={disabled || pending}
        title={disabled ? 'View only' : undefined}
        className={`rounded-md px-2.5 py-1 text-sm font-medium shadow-xs ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-50 ${TONES[tone]}`}
      >
        {pending ? pendingLabel : label}
      </button>
      {state.status !== 'idle' && state.message ? (
        <span role={state.status === 'error' ? 'alert' : 'status'} className={`min-w-0 text-sm break-words ${state.status === 'error' ? 'text-red-700' : 'text-emerald-700'}`}>
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
