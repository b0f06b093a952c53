import type { Metadata } from 'next';
import { PageHeader } from '@/components/page-header';
import { Section } from '@/components/section';
import { StatusBadge } from '@/components/status-badge';
import { EmptyRow, Table, TBody, Td, Th, THead } from '@/components/table';
import { requireAdminWorkspace } from '@/lib/admin-overview/require-admin';
import { formatDateTime } from '@/lib/format/format-date';
import { WEBHOOK_EVENT_TYPES } from '@/lib/notifications/notification-types';
import { listWebhookDeliveries } from '@/lib/webhooks/list-webhook-deliveries';
import { listWebhookEndpoints } from '@/lib/webhooks/list-webhook-endpoints';
import type { WebhookDeliveryJson, WebhookEndpointJson } from '@/lib/webhooks/to-webhook-endpoint-json';
import { mayWrite } from '@/lib/workspaces/session-workspaces';
import { ActionButton } from '@/components/action-button';
import { deleteEndpointAction, retryDeliveryAction, setEndpointEnabledAction } from './actions';
import { CreateEndpointForm } from './create-endpoint-form';

export const metadata: Metadata = { title: 'Webhooks' };

/** Deliveries shown per endpoint: the newest; the API pages through the rest. */
const LOG_LIMIT = 20;

function EndpointStatus({ endpoint }: { endpoint: WebhookEndpointJson }) {
  if (!endpoint.enabled) return <StatusBadge status="disabled" label="Disabled" />;
  if (endpoint.failing_since) return <StatusBadge status="failing" label={`Failing since ${formatDateTime(endpoint.failing_since)}`} />;
  return <StatusBadge status="active" label="Enabled" />;
}

function DeliveryLog({ endpoint, deliveries, readOnly }: { endpoint: WebhookEndpointJson; deliveries: WebhookDeliveryJson[]; readOnly: boolean }) {
  return (
    <Table label={`Deliveries to ${endpoint.url}`} data-testid="webhook-delivery-table">
      <THead>
        <Th>Event</Th>
        <Th>Status</Th>
        <Th align="right">Attempts</Th>
        <Th>Answer</Th>
        <Th>Next attempt / delivered</Th>
        <Th>
          <span className="sr-only">Actions</span>
        </Th>
      </THead>
      <TBody>
        {deliveries.length === 0 ? (
          <EmptyRow colSpan={6}>No deliveries yet. Events are sent as they happen.</EmptyRow>
        ) : (
          deliveries.map((delivery) => (
            <tr key={delivery.id} data-testid="webhook-delivery-row" className="align-top">
              <Td>
                <div className="font-mono text-[13px] text-slate-900">{delivery.type}</div>
                <div className="font-mono text-xs text-slate-500">{delivery.event_id}</div>
                <div className="text-xs text-slate-500">{formatDateTime(delivery.created)}</div>
              </Td>
              <Td>
                <StatusBadge status={delivery.status} />
              </Td>
              <Td align="right">{delivery.attempts}</Td>
              <Td className="max-w-xs whitespace-normal!">
                <div>{delivery.response_status ? `HTTP ${delivery.response_status}` : delivery.attempts > 0 ? 'No answer' : '—'}</div>
                {delivery.last_error ? <div className="mt-0.5 line-clamp-3 text-xs break-words text-slate-500" title={delivery.last_error}>{delivery.last_error}</div> : null}
              </Td>
              <Td>{delivery.status === 'pending' ? formatDateTime(delivery.next_attempt_at) : delivery.status === 'succeeded' ? formatDateTime(delivery.delivered_at) : 'Gave up'}</Td>
              <Td>
                {delivery.status === 'succeeded' ? null : (
                  <ActionButton
                    action={retryDeliveryAction}
                    fields={{ endpoint_id: endpoint.id, delivery_id: delivery.id }}
                    label="Retry"
                    pendingLabel="Retrying…"
                    disabled={readOnly || !endpoint.enabled}
                    testId="webhook-retry"
                  />
                )}
              </Td>
            </tr>
          ))
        )}
      </TBody>
    </Table>
  );
}

function EndpointCard({ endpoint, deliveries, hasMore, readOnly }: { endpoint: WebhookEndpointJson; deliveries: WebhookDeliveryJson[]; hasMore: boolean; readOnly: boolean }) {
  const headingId = `endpoint-${endpoint.id}`;
  return (
    <article aria-labelledby={headingId} data-testid="webhook-endpoint" className="rounded-xl border border-slate-200 bg-white p-4 shadow-xs sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          <h3 id={headingId} className="font-mono text-sm font-medium break-all text-slate-900">
            {endpoint.url}
          </h3>
          {endpoint.description ? <p className="mt-0.5 text-sm text-slate-600">{endpoint.description}</p> : null}
        </div>
        <EndpointStatus endpoint={endpoint} />
      </div>
      <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="text-slate-500">Events</dt>
        <dd className="min-w-0 font-mono text-[13px] break-words text-slate-800">{endpoint.events.includes('*') ? 'All events' : endpoint.events.join(', ')}</dd>
        <dt className="text-slate-500">Created</dt>
        <dd className="text-slate-800">{formatDateTime(endpoint.created)}</dd>
        {endpoint.disabled_reason ? (
          <>
            <dt className="text-slate-500">Disabled</dt>
            <dd className="min-w-0 break-words text-slate-800">{endpoint.disabled_reason}</dd>
          </>
        ) : null}
      </dl>
      <div className="mt-4 flex flex-wrap items-start gap-3">
        <ActionButton
          action={setEndpointEnabledAction}
          fields={{ endpoint_id: endpoint.id, enabled: endpoint.enabled ? 'false' : 'true' }}
          label={endpoint.enabled ? 'Disable' : 'Enable'}
          pendingLabel={endpoint.enabled ? 'Disabling…' : 'Enabling…'}
          disabled={readOnly}
          testId="webhook-toggle"
        />
        <details className="group">
          <summary className="cursor-pointer rounded-md px-2.5 py-1 text-sm font-medium text-red-700 ring-1 ring-red-200 ring-inset hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600">
            Delete…
          </summary>
          <div className="mt-2 space-y-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-900">
            <p>Delete this endpoint and its delivery log? It receives nothing more. This cannot be undone.</p>
            <ActionButton action={deleteEndpointAction} fields={{ endpoint_id: endpoint.id }} label="Delete endpoint" pendingLabel="Deleting…" tone="danger" disabled={readOnly} testId="webhook-delete" />
          </div>
        </details>
      </div>
      <div className="mt-5">
        <h4 className="mb-2 text-sm font-semibold text-slate-900">Delivery log</h4>
        <DeliveryLog endpoint={endpoint} deliveries={deliveries} readOnly={readOnly} />
        {hasMore ? <p className="mt-2 text-xs text-slate-500">The newest {LOG_LIMIT} deliveries; GET /api/admin/billing/webhook-endpoints/{endpoint.id}/deliveries pages through all.</p> : null}
      </div>
    </article>
  );
}

export default async function AdminWebhooksPage() {
  const scope = await requireAdminWorkspace('/admin/webhooks');
  const { db } = scope.database;
  const readOnly = !mayWrite(scope.role);
  const endpoints = (await listWebhookEndpoints(db, { limit: 100 })).data;
  const logs = await Promise.all(endpoints.map((endpoint) => listWebhookDeliveries(db, endpoint.id, { limit: LOG_LIMIT })));

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Meterbill POSTs each event (invoices, customers, subscriptions, credit notes) to your endpoints, signed as Standard Webhooks, and retries failures for more than a day."
      />
      <Section title="New endpoint" testId="webhook-new">
        <CreateEndpointForm eventTypes={WEBHOOK_EVENT_TYPES} readOnly={readOnly} />
      </Section>
      <Section title={`Endpoints (${endpoints.length})`} testId="webhook-endpoints">
        {endpoints.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-300 px-4 py-8 text-center text-sm text-slate-500">No endpoints yet. Events are only queued for a workspace with an endpoint.</p>
        ) : (
          <div className="space-y-6">
            {endpoints.map((endpoint, i) => (
              <EndpointCard key={endpoint.id} endpoint={endpoint} deliveries={logs[i]!.data} hasMore={logs[i]!.has_more} readOnly={readOnly} />
            ))}
          </div>
        )}
      </Section>
    </>
  );
}
