'use client';
// The customer's subscription, as an admin changes it: subscribe to a plan when there is no live
// subscription; otherwise move to another plan now (prorated), cancel at the end of the current
// period or take that back, or cancel now (the period cut and billed for its part). Each cancellation
// is confirmed first. Viewers are not shown these, and the actions refuse them anyway.
import { useActionState } from 'react';
import { formatDate } from '@/lib/format/format-date';
import { cancelNowAction, changePlanAction, setCancellationAction, subscribeAction, type CustomerActionState } from './actions';
import { ConfirmStep } from '@/components/confirm-step';
import { FieldError } from '@/components/field-error';
import { dangerButtonClass, fieldInputClass, fieldLabelClass, primaryButtonClass, secondaryButtonClass } from '@/components/form-styles';
import { IDLE, Outcome } from './customer-actions';

export type PlanOption = { code: string; name: string };
export type LiveSubscription = { id: string; plan_code: string; status: string; cancel_at_period_end: boolean; current_period_end: string };

function Subscribe({ customerId, plans }: { customerId: string; plans: PlanOption[] }) {
  const [state, action, pending] = useActionState(subscribeAction, IDLE);
  const errors = state.fieldErrors ?? {};
  const kept = state.status === 'error' ? state.values : undefined;
  if (plans.length === 0) return <p className="text-sm text-slate-600">No plan bills in this customer’s currency yet; add one in the catalog.</p>;
  return (
    <form key={JSON.stringify(kept ?? {})} action={action} className="space-y-3" data-testid="subscribe-form">
      <input type="hidden" name="customer_id" value={customerId} />
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="subscribe-plan" className={fieldLabelClass}>
            Plan
          </label>
          <select id="subscribe-plan" name="plan_code" defaultValue={kept?.plan_code ?? plans[0]!.code} className={fieldInputClass} aria-invalid={errors.plan_code ? true : undefined} aria-describedby={errors.plan_code ? 'subscribe-plan-error' : undefined}>
            {plans.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name} ({p.code})
              </option>
            ))}
          </select>
          <FieldError id="subscribe-plan-error" message={errors.plan_code} />
        </div>
        <div>
          <label htmlFor="subscribe-trial" className={fieldLabelClass}>
            Trial days (optional)
          </label>
          <input id="subscribe-trial" name="trial_days" inputMode="numeric" placeholder="The plan’s" defaultValue={kept?.trial_days ?? ''} className={fieldInputClass} aria-invalid={errors.trial_days ? true : undefined} aria-describedby={errors.trial_days ? 'subscribe-trial-error' : undefined} />
          <FieldError id="subscribe-trial-error" message={errors.trial_days} />
        </div>
      </div>
      <button type="submit" className={primaryButtonClass} disabled={pending} data-testid="subscribe-submit">
        {pending ? 'Subscribing…' : 'Subscribe from now'}
      </button>
      <Outcome state={state} testId="subscribe-outcome" />
    </form>
  );
}

function ChangePlan({ customerId, subscription, plans }: { customerId: string; subscription: LiveSubscription; plans: PlanOption[] }) {
  const [state, action, pending] = useActionState(changePlanAction, IDLE);
  const others = plans.filter((p) => p.code !== subscription.plan_code);
  const error = state.fieldErrors?.plan_code;
  if (others.length === 0) return <p className="text-sm text-slate-600">No other plan bills in this customer’s currency.</p>;
  return (
    <form key={subscription.plan_code} action={action} className="space-y-2" data-testid="change-plan-form">
      <input type="hidden" name="customer_id" value={customerId} />
      <input type="hidden" name="subscription_id" value={subscription.id} />
      <div>
        <label htmlFor="change-plan" className={fieldLabelClass}>
          Move to plan (now; flat fees are prorated by time)
        </label>
        <select id="change-plan" name="plan_code" defaultValue={state.values?.plan_code ?? others[0]!.code} className={fieldInputClass} aria-invalid={error ? true : undefined} aria-describedby={error ? 'change-plan-error' : undefined}>
          {others.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name} ({p.code})
            </option>
          ))}
        </select>
        <FieldError id="change-plan-error" message={error} />
      </div>
      <button type="submit" className={secondaryButtonClass} disabled={pending} data-testid="change-plan-submit">
        {pending ? 'Changing…' : 'Change plan'}
      </button>
      <Outcome state={state} testId="change-plan-outcome" />
    </form>
  );
}

function Cancellation({ customerId, subscription }: { customerId: string; subscription: LiveSubscription }) {
  const [state, action, pending] = useActionState(setCancellationAction, IDLE);
  const ends = formatDate(subscription.current_period_end);
  const form = (
    <form action={action} className="space-y-2">
      <input type="hidden" name="customer_id" value={customerId} />
      <input type="hidden" name="subscription_id" value={subscription.id} />
      <input type="hidden" name="cancel_at_period_end" value={subscription.cancel_at_period_end ? 'false' : 'true'} />
      <button type="submit" className={subscription.cancel_at_period_end ? secondaryButtonClass : dangerButtonClass} disabled={pending} data-testid={subscription.cancel_at_period_end ? 'resume-subscription' : 'cancel-subscription'}>
        {pending ? 'Saving…' : subscription.cancel_at_period_end ? 'Resume subscription' : 'Cancel at period end'}
      </button>
    </form>
  );
  // outside the confirmation, so what happened stays in sight when the form folds away again
  const outcome = <Outcome state={state} testId="cancellation-outcome" />;
  if (subscription.cancel_at_period_end) {
    return (
      <div className="space-y-2">
        <p className="text-sm text-slate-700" data-testid="cancellation-scheduled">
          Ends {ends}, with the current period. Resuming keeps it renewing as before.
        </p>
        {form}
        {outcome}
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <ConfirmStep
        summary="Cancel subscription…"
        question={`Cancel ${subscription.plan_code} at the end of the current period (${ends})? It is billed up to then and renews no more; you can resume it until then.`}
      >
        {form}
      </ConfirmStep>
      {outcome}
    </div>
  );
}

type CancelNowState = ReturnType<typeof useActionState<CustomerActionState, FormData>>;

/**
 * Ends the subscription at this moment, after the question; the last part's invoice now or by the next
 * run. Its state lives in SubscriptionControls: once cancelled there is no live subscription and this
 * form is gone, while the outcome (with the final invoice's link) stays on the page.
 */
function CancelNow({ customerId, subscription, cancelNow: [state, action, pending] }: { customerId: string; subscription: LiveSubscription; cancelNow: CancelNowState }) {
  const reasonError = state.fieldErrors?.reason;
  return (
    <div className="space-y-2">
      <ConfirmStep
        summary="Cancel now…"
        question={`End ${subscription.plan_code} now? The current period stops here: its flat fees are billed for the part used and its usage up to now; fees paid in advance are credited for the rest. It cannot be resumed.`}
      >
        <form action={action} className="space-y-2" data-testid="cancel-now-form">
          <input type="hidden" name="customer_id" value={customerId} />
          <input type="hidden" name="subscription_id" value={subscription.id} />
          <div>
            <label htmlFor="cancel-now-reason" className={fieldLabelClass}>
              Reason (optional, kept in the audit log)
            </label>
            <input id="cancel-now-reason" name="reason" maxLength={500} defaultValue={state.values?.reason ?? ''} className={fieldInputClass} aria-invalid={reasonError ? true : undefined} aria-describedby={reasonError ? 'cancel-now-reason-error' : undefined} />
            <FieldError id="cancel-now-reason-error" message={reasonError} />
          </div>
          <label className="flex items-center gap-2 text-sm text-red-900">
            <input type="checkbox" name="invoice_now" defaultChecked className="h-4 w-4 rounded border-slate-300" />
            Issue the final invoice now
          </label>
          <button type="submit" className={dangerButtonClass} disabled={pending} data-testid="cancel-now-submit">
            {pending ? 'Cancelling…' : 'Cancel now'}
          </button>
        </form>
      </ConfirmStep>
    </div>
  );
}

export function SubscriptionControls({ customerId, live, plans }: { customerId: string; live: LiveSubscription | null; plans: PlanOption[] }) {
  const cancelNow = useActionState(cancelNowAction, IDLE);
  return (
    <div className="mt-3 rounded-xl border border-slate-200 bg-white p-5 shadow-xs" data-testid="subscription-controls">
      {cancelNow[0].status === 'idle' ? null : (
        <div className="mb-4">
          <Outcome state={cancelNow[0]} testId="cancel-now-outcome" />
        </div>
      )}
      {live ? (
        <div className="grid gap-6 md:grid-cols-2">
          <ChangePlan customerId={customerId} subscription={live} plans={plans} />
          <div className="space-y-4">
            <Cancellation customerId={customerId} subscription={live} />
            <CancelNow customerId={customerId} subscription={live} cancelNow={cancelNow} />
          </div>
        </div>
      ) : (
        <>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Subscribe to a plan</h3>
          <Subscribe customerId={customerId} plans={plans} />
        </>
      )}
    </div>
  );
}
