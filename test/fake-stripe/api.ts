// What a resource handler receives and returns.
import type { FakeAccount, RequestInfo } from './fake-account';
import type { Params } from './params';
import type { PathParams, Router } from './router';

export type ApiCall = {
  account: FakeAccount;
  /** Body parameters of a POST, query parameters of a GET or DELETE. */
  params: Params;
  /** `:id` and friends from the route pattern. */
  path: PathParams;
  request: RequestInfo;
  /** The `Stripe-Version` header the client sent (the SDK always sends its pinned version). */
  stripeVersion: string | null;
};

/** Returns the object to answer with; the server renders it with the request's `expand[]`. */
export type ApiHandler = (call: ApiCall) => object;

export type ApiRouter = Router<ApiHandler>;
