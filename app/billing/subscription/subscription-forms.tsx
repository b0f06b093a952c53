'use client';
// The page's three actions, each confirmed before anything changes: the first button only opens the
// confirmation, which says what will happen; the second submits. Everything is a plain button or form,
// reachable by keyboard; the confirmation takes the focus when it opens, and a refusal is shown beside
// the button that caused it (aria-describedby), the page unchanged.
import { useActionState, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { cancelAtPeriodEnd, changePlan, resumeSubscription, type SubscriptionActionState } from './actions';
import { dangerButton, primaryButton, secondaryButton } from './buttons';

const IDLE: SubscriptionActionState = { status: 'idle', errors: {} };

/** The refusal of the last submit, if any: the field's message first, else the request's. */
function errorOf(state: SubscriptionActionState): string | null {
  if (state.status === 'idle' || state.status === 'done') return null;
  return state.errors.plan_code ?? state.errors.form ?? state.message ?? 'Something went wrong; nothing was changed.';
}

function Confirmation({ title, children, testId, onCancel, cancelLabel, submit }: { title: string; children: ReactNode; testId: string; onCancel: () => void; cancelLabel: string; submit: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} tabIndex={-1} role="group" aria-labelledby={titleId} data-testid={testId} className="mt-3 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-950 outline-none focus-visible:ring-2 focus-visible:ring-indigo-600">
      <p id={titleId} className="font-semibold">
        {title}
      </p>
      <div className="mt-1 space-y-1">{children}</div>
      <div className="mt-3 flex flex-wrap gap-2">
        {submit}
        <button type="button" onClick={onCancel} className={secondaryButton}>
          {cancelLabel}
        </button>
      </div>
    </div>
  );
}

/** "Switch to Pro": confirms with what happens to the current period, then changes the plan now. */
export function PlanChangeForm({ planCode, planName, currentPlanName, consequences }: { planCode: string; planName: string; currentPlanName: string; consequences: string[] }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState(changePlan, IDLE);
  const error = errorOf(state);
  const errorId = useId();
  return (
    <div>
      {open ? (
        <form action={action} noValidate>
          <input type="hidden" name="plan_code" value={planCode} />
          <Confirmation
            title={`Switch from ${currentPlanName} to ${planName} now?`}
            testId="plan-change-confirm"
            onCancel={() => setOpen(false)}
            cancelLabel={`Keep ${currentPlanName}`}
            submit={
              <button type="submit" disabled={pending} aria-describedby={error ? errorId : undefined} className={primaryButton}>
                {pending ? 'Switching…' : `Confirm: switch to ${planName}`}
              </button>
            }
          >
            <ul className="list-disc space-y-1 pl-5">
              {consequences.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </Confirmation>
        </form>
      ) : (
        <button type="button" onClick={() => setOpen(true)} aria-describedby={error ? errorId : undefined} className={primaryButton}>
          Switch to {planName}
        </button>
      )}
      {error ? (
        <p id={errorId} role="alert" data-testid="plan-change-error" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** "Cancel at period end": confirms with the date the subscription would end. */
export function CancelForm({ endsOn }: { endsOn: string }) {
  const [open, setOpen] = useState(false);
  const [state, action, pending] = useActionState(cancelAtPeriodEnd, IDLE);
  const error = errorOf(state);
  const errorId = useId();
  return (
    <div>
      {open ? (
        <form action={action}>
          <Confirmation
            title="Cancel your subscription at the end of this period?"
            testId="cancel-confirm"
            onCancel={() => setOpen(false)}
            cancelLabel="Keep my subscription"
            submit={
              <button type="submit" disabled={pending} aria-describedby={error ? errorId : undefined} className={dangerButton}>
                {pending ? 'Cancelling…' : `Confirm: end on ${endsOn}`}
              </button>
            }
          >
            <p>
              Your subscription ends on <strong>{endsOn}</strong>, the last day of the current period. Until then everything works as now, and the period is
              invoiced as usual when it ends. You can resume the subscription any time before then.
            </p>
          </Confirmation>
        </form>
      ) : (
        <button type="button" onClick={() => setOpen(true)} className={secondaryButton}>
          Cancel at period end
        </button>
      )}
      {error ? (
        <p id={errorId} role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** "Resume": takes a cancellation at period end back; nothing is charged for it, so no confirmation. */
export function ResumeForm() {
  const [state, action, pending] = useActionState(resumeSubscription, IDLE);
  const error = errorOf(state);
  const errorId = useId();
  return (
    <form action={action}>
      <button type="submit" disabled={pending} aria-describedby={error ? errorId : undefined} className={primaryButton}>
        {pending ? 'Resuming…' : 'Resume subscription'}
      </button>
      {error ? (
        <p id={errorId} role="alert" className="mt-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </form>
  );
}
