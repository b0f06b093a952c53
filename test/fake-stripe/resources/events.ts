// Events: what happened in the account, retrievable as Stripe's /v1/events (webhook handlers that
// re-read an event or its object find it here).
import type { ApiRouter } from '../api';
import { listOf, newestFirst } from '../render';

export function eventRoutes(router: ApiRouter): void {
  router
    .add('GET', '/v1/events/:id', ({ account, path }) => account.get('events', path.id!, 'event'))
    .add('GET', '/v1/events', ({ account, params }) => {
      const type = params.string('type');
      const events = [...account.state.events.values()].filter((event) => !type || event.type === type || (type.endsWith('.*') && event.type.startsWith(type.slice(0, -1))));
      return listOf('/v1/events', newestFirst(events), params);
    });
}
