'use client';
// One small change on a page (enable, disable, delete, retry) as its own form posting to a Server
// Action: keyboard reachable, working before JavaScript loads, its outcome said beside it. Any action
// whose state has a status and a message fits (the admin pages' ActionState types all do).
import { useActionState } from 'react';

/** The part of an action's answer the button shows. */
export type ActionButtonState = { status: 'idle' | 'done' | 'error'; message?: string };

type Tone = 'default' | 'danger';

const TONES: Record<Tone, string> = {
  default: 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
  danger: 'bg-red-600 text-white ring-red-600 hover:bg-red-500',
};

export function ActionButton<State extends ActionButtonState>({
  action,
  fields,
  label,
  pendingLabel,
  tone = 'default',
  disabled = false,
  testId,
}: {
  action: (previous: State, form: FormData) => Promise<State>;
  fields: Record<string, string>;
  label: string;
  pendingLabel: string;
  tone?: Tone;
  /** a viewer's button: shown, but it does nothing (and the action would refuse) */
  disabled?: boolean;
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState<State, FormData>(action, { status: 'idle' } as Awaited<State>);
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
