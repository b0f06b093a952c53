'use client';
// The new-endpoint form: URL, the event types (or all of them), a description. It posts to a Server
// Action, so it works before JavaScript loads; errors show beside their fields, and a new endpoint's
// signing secret is shown here once, right after it is made.
import { useActionState } from 'react';
import { Notice } from '@/components/notice';
import { createEndpointAction, type ActionState } from './actions';

const INPUT =
  'block w-full min-w-0 rounded-md border-0 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-50 disabled:text-slate-500';

export function CreateEndpointForm({ eventTypes, readOnly }: { eventTypes: readonly string[]; readOnly: boolean }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createEndpointAction, { status: 'idle' });
  const errors = state.status === 'error' ? (state.fieldErrors ?? {}) : {};
  // after an error the form shows what was sent; after a success it starts empty
  const sent = state.status === 'error' ? state.values : undefined;
  return (
    <div className="space-y-4">
      {state.status === 'done' && state.secret ? (
        <Notice tone="warning" title="Copy the signing secret now" testId="webhook-secret">
          <p>
            It verifies the deliveries to <span className="break-all">{state.endpointUrl}</span> and is not shown again.
          </p>
          <code className="mt-2 block rounded bg-white/70 px-2 py-1.5 font-mono text-xs break-all text-slate-900 select-all">{state.secret}</code>
        </Notice>
      ) : null}
      {state.status === 'error' && state.message ? (
        <Notice tone="error" testId="webhook-form-error">
          {state.message}
        </Notice>
      ) : null}
      <form action={action} className="space-y-4 rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5" data-testid="webhook-create-form" aria-describedby={readOnly ? 'webhook-view-only' : undefined}>
        <div>
          <label htmlFor="webhook-url" className="block text-sm font-medium text-slate-900">
            Endpoint URL
          </label>
          <input
            id="webhook-url"
            name="url"
            type="url"
            required
            inputMode="url"
            placeholder="https://example.com/webhooks/meterbill"
            defaultValue={sent?.url}
            disabled={readOnly}
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? 'webhook-url-error' : 'webhook-url-hint'}
            className={`mt-1 ${INPUT}`}
          />
          {errors.url ? (
            <p id="webhook-url-error" className="mt-1 text-sm text-red-700">
              {errors.url}
            </p>
          ) : (
            <p id="webhook-url-hint" className="mt-1 text-xs text-slate-500">
              https, on a public address.
            </p>
          )}
        </div>
        <fieldset aria-describedby={errors.events ? 'webhook-events-error' : undefined}>
          <legend className="text-sm font-medium text-slate-900">Events</legend>
          <label className="mt-2 flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" name="all_events" defaultChecked={sent?.allEvents} disabled={readOnly} className="size-4 rounded border-slate-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600" />
            All events (also types added later)
          </label>
          <div className="mt-2 grid grid-cols-1 gap-x-4 gap-y-1.5 sm:grid-cols-2 lg:grid-cols-3">
            {eventTypes.map((type) => (
              <label key={type} className="flex min-w-0 items-center gap-2 text-sm text-slate-700">
                <input type="checkbox" name="events" value={type} defaultChecked={sent?.events.includes(type)} disabled={readOnly} className="size-4 shrink-0 rounded border-slate-300 text-indigo-600" />
                <span className="font-mono text-[13px] break-all">{type}</span>
              </label>
            ))}
          </div>
          {errors.events ? (
            <p id="webhook-events-error" className="mt-1 text-sm text-red-700">
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <div>
          <label htmlFor="webhook-description" className="block text-sm font-medium text-slate-900">
            Description <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            id="webhook-description"
            name="description"
            type="text"
            maxLength={500}
            defaultValue={sent?.description}
            disabled={readOnly}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? 'webhook-description-error' : undefined}
            className={`mt-1 ${INPUT}`}
          />
          {errors.description ? (
            <p id="webhook-description-error" className="mt-1 text-sm text-red-700">
              {errors.description}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            disabled={readOnly || pending}
            className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-xs hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:bg-slate-300"
          >
            {pending ? 'Creating…' : 'Create endpoint'}
          </button>
          {readOnly ? (
            <p id="webhook-view-only" className="text-sm text-slate-500">
              View only: your role in this workspace cannot add endpoints.
            </p>
          ) : null}
        </div>
      </form>
    </div>
  );
}
