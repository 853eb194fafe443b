/**
 * How `calm-keys btp` calls the Service Manager API (`/v1`) for instances and bindings: every page of a list
 * (`token`, `max_items`), a field query's literal, and the wait for a change the server answered 202 (the
 * operation its `Location` names, polled until it is done), the way SAP's btp CLI waits for the result.
 * Creates and deletes ask for `async=false`, so that a refusal keeps the server's stable code (a failed
 * operation records only SAP's `{error, description}`); the wait is there for a server that answers 202 anyway.
 */
import { DomainError } from '../shared/index.js';
import { answer, refusal, type ApiClient, type Schemas } from './api-client.js';
import { CLI_ERRORS } from './errors.js';

export type SmInstance = Schemas['SmServiceInstance'];
export type SmBinding = Schemas['SmServiceBinding'];
export type SmBindingWithCredentials = Schemas['SmServiceBindingWithCredentials'];
export type SmOperation = Schemas['SmOperation'];
export type SmCollection = 'service_instances' | 'service_bindings';

/** A binding's key: `GET /v1/service_bindings/{id}` leaves it out for a caller that may not hold it. */
export const credentialsOf = (binding: SmBinding | SmBindingWithCredentials): Record<string, unknown> | undefined =>
  'credentials' in binding ? binding.credentials : undefined;

/** The server's largest page (`max_items` at most 200), so that a list takes as few calls as it can. */
export const PAGE_SIZE = 200;

/** SAP's query language quotes a string literal in `'`, a quote inside it doubled. */
export const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Every item of a paged list: each page's `token` asks for the next, until a page has none. */
export async function listAll<T>(
  page: (token: string | undefined) => Promise<{ readonly items: readonly T[]; readonly token?: string }>,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const next = await page(token);
    items.push(...next.items);
    token = next.token;
    // a server that hands the same token again would page forever
    if (token !== undefined && seen.has(token))
      throw new DomainError('unavailable', CLI_ERRORS.bad_paging, 'The server repeated a page token; the list stops.');
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
  return items;
}

export interface ListQuery {
  readonly fieldQuery?: string;
  readonly subaccount_id?: string;
}

const pageQuery = (query: ListQuery, token: string | undefined) => ({
  ...query,
  max_items: PAGE_SIZE,
  ...(token === undefined ? {} : { token }),
});

export const listInstances = (api: ApiClient, query: ListQuery = {}): Promise<SmInstance[]> =>
  listAll((token) => answer(api.GET('/v1/service_instances', { params: { query: pageQuery(query, token) } })));

export const listBindings = (api: ApiClient, query: ListQuery = {}): Promise<SmBinding[]> =>
  listAll((token) => answer(api.GET('/v1/service_bindings', { params: { query: pageQuery(query, token) } })));

/** How the wait reads the time, sleeps and tells its progress (stderr; stdout keeps the result alone). */
export interface Waiting {
  now(): number;
  sleep(ms: number): Promise<void>;
  progress(line: string): void;
  /** How long to wait at most. */
  readonly limitMs: number;
}

/** The server fails an operation in progress for 10 minutes (sm-operations.ts `STALE_AFTER_MS`); wait as long. */
export const WAITING: Waiting = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  progress: (line) => console.error(line),
  limitMs: 10 * 60_000,
};

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 2_000;
const PROGRESS_EVERY_MS = 5_000;

/** Polls until `done` gives a value, with growing delays, telling the progress now and then. */
async function poll<T>(
  waiting: Waiting,
  what: string,
  step: () => Promise<{ readonly done: true; readonly value: T } | { readonly done: false; readonly state: string }>,
): Promise<T> {
  const started = waiting.now();
  let delay = FIRST_DELAY_MS;
  let told = -Infinity;
  for (;;) {
    const result = await step();
    if (result.done) return result.value;
    const elapsed = waiting.now() - started;
    if (elapsed >= waiting.limitMs)
      throw new DomainError(
        'unavailable',
        CLI_ERRORS.operation_timeout,
        `${what} is still ${result.state} after ${Math.round(elapsed / 1000)} s; look again later with calm-keys btp list.`,
      );
    if (elapsed - told >= PROGRESS_EVERY_MS) {
      waiting.progress(`${what}: ${result.state} (${Math.round(elapsed / 1000)} s)`);
      told = elapsed;
    }
    await waiting.sleep(delay);
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

const LOCATION = /\/v1\/(service_instances|service_bindings)\/([^/]+)\/operations\/([^/?#]+)$/;

/** The collection, resource id and operation id a 202's `Location` names (`/v1/service_instances/{id}/operations/{opId}`). */
export function operationOf(
  location: string | null,
): { collection: SmCollection; id: string; operationId: string } | undefined {
  if (location === null) return undefined;
  let path: string;
  try {
    path = new URL(location, 'https://server.invalid').pathname;
  } catch {
    return undefined;
  }
  const match = LOCATION.exec(path);
  if (!match) return undefined;
  return {
    collection: match[1] as SmCollection,
    id: decodeURIComponent(match[2]!),
    operationId: decodeURIComponent(match[3]!),
  };
}

const readOperation = (api: ApiClient, collection: SmCollection, id: string, operationId: string) =>
  answer(
    collection === 'service_instances'
      ? api.GET('/v1/service_instances/{id}/operations/{operationId}', { params: { path: { id, operationId } } })
      : api.GET('/v1/service_bindings/{id}/operations/{operationId}', { params: { path: { id, operationId } } }),
  );

/**
 * Waits for the operation a 202 named: its result when it succeeded; a failed one is an error with SAP's
 * descriptions (an operation records no stable code of ours, hence `cli.operation_failed`).
 */
export function waitForOperation(
  api: ApiClient,
  location: string | null,
  what: string,
  waiting: Waiting = WAITING,
): Promise<SmOperation> {
  const named = operationOf(location);
  if (!named)
    throw new DomainError(
      'unavailable',
      CLI_ERRORS.operation_failed,
      `${what}: the server accepted it (202) but named no operation to follow (Location: ${location ?? 'none'}).`,
    );
  return poll(waiting, what, async () => {
    const op = await readOperation(api, named.collection, named.id, named.operationId);
    if (op.state === 'in progress') return { done: false, state: 'in progress' };
    if (op.state === 'succeeded') return { done: true, value: op };
    const reasons = op.errors.map((e) => e.description).filter((d) => d.length > 0);
    throw new DomainError(
      'invalid_input',
      CLI_ERRORS.operation_failed,
      reasons.length > 0 ? reasons.join('; ') : op.description,
    );
  });
}

/**
 * A create or delete answered: the resource of a 201 or 200, or, after a 202, the operation it waited for.
 * A refusal throws the server's code and description.
 */
export async function settled<T>(
  api: ApiClient,
  pending: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  what: string,
  waiting: Waiting = WAITING,
): Promise<{ readonly resource: T } | { readonly operation: SmOperation }> {
  const { data, error, response } = await pending;
  if (!response.ok) throw refusal(response.status, error);
  if (response.status !== 202) return { resource: data as T };
  return { operation: await waitForOperation(api, response.headers.get('location'), what, waiting) };
}

/**
 * Whether an instance or binding is still there, by a count of the list (`max_items=0`): a binding's own GET
 * would read, and audit, its credentials.
 */
async function exists(api: ApiClient, collection: SmCollection, id: string): Promise<boolean> {
  const query = { fieldQuery: `id eq ${literal(id)}`, max_items: 0 };
  const counted =
    collection === 'service_instances'
      ? await answer(api.GET('/v1/service_instances', { params: { query } }))
      : await answer(api.GET('/v1/service_bindings', { params: { query } }));
  return counted.num_items > 0;
}

/** DELETE with `async=false` (200); after a 202, the operation's result, then polls until the resource is gone. */
export async function deleteAndWait(
  api: ApiClient,
  collection: SmCollection,
  id: string,
  what: string,
  waiting: Waiting = WAITING,
): Promise<void> {
  const init = { params: { path: { id }, query: { async: 'false' as const } } };
  const { error, response } =
    collection === 'service_instances'
      ? await api.DELETE('/v1/service_instances/{id}', init)
      : await api.DELETE('/v1/service_bindings/{id}', init);
  if (!response.ok) throw refusal(response.status, error);
  if (response.status !== 202) return;
  const location = response.headers.get('location');
  if (operationOf(location)) await waitForOperation(api, location, what, waiting);
  await poll(waiting, what, async () =>
    (await exists(api, collection, id)) ? { done: false, state: 'not gone yet' } : { done: true, value: undefined },
  );
}
