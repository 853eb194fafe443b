/**
 * The request an audit record belongs to. The HTTP layer opens a scope per request (`http/request-scope.ts`,
 * the first onRequest hook) with the id that error bodies carry as `requestId` and answers as `x-request-id`;
 * the writer reads it for every record written while that request is served, whatever the service, actor or
 * event listener that writes it. Outside a request (start-up, timers, the CLI) there is no scope and
 * `request_id` stays null.
 *
 * Why an AsyncLocalStorage rather than a `requestId` passed along with the actor: the id must reach records
 * whose writer has no request actor (a failed sign-in is anonymous, an ALM registration is a client, a
 * deletion is recorded by a listener of the BTP event), and each service would otherwise carry a parameter
 * that only the audit log reads; one hook and one reader cannot forget an event. The cost is Node's async
 * context tracking for every promise (small next to a request's I/O and signing; free on Node 24).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

interface RequestScope {
  readonly requestId: string;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it starts) as part of the request `requestId`. */
export function runInRequestScope<T>(requestId: string, fn: () => T): T {
  return scope.run({ requestId }, fn);
}

/** The id of the request being served, or undefined outside one. */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}
