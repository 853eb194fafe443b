/**
 * What the BTP cockpit pages share over SAP Service Manager's API (`/v1`, src/btp/README.md "The Service
 * Manager API"): every page of a list, the catalog (offerings and plans), waiting for an operation (the
 * `Location` of a 202), deleting, and how a resource's last operation is shown. A person's session calls it
 * with `subaccount_id` naming the subaccount the page is about.
 */
import { ApiError, answer, answerWithResponse, api, type Schemas } from '../api';
import { h } from '../dom';
import { t, type TextKey } from '../i18n';

export type SmInstance = Schemas['SmServiceInstance'];
export type SmBinding = Schemas['SmServiceBinding'];
export type SmOperation = Schemas['SmOperation'];
export type SmOffering = Schemas['SmServiceOffering'];
export type SmPlan = Schemas['SmServicePlan'];

/** The offering names of the catalog (src/btp/catalog.ts): the UI offers their parameters by name. */
export const CLOUD_ALM_API = 'SAPCloudALMAPIs';
export const SERVICE_MANAGER = 'service-manager';

/** The names SAP's cockpit shows for the offerings; the technical name is shown beside them. */
const TITLES: Readonly<Record<string, string>> = {
  [CLOUD_ALM_API]: 'SAP Cloud ALM API',
  [SERVICE_MANAGER]: 'Service Manager',
};
export const offeringTitle = (name: string): string => TITLES[name] ?? name;

/** A service-manager instance's keys: a secret or x509 (src/btp/README.md, "Service Manager keys"). */
const SERVICE_MANAGER_CREDENTIAL_TYPES: readonly string[] = ['binding-secret', 'x509'];

export type SmInstanceParameters = Schemas['SmServiceInstanceParameters'];

/** What an instance's client got from its parameters (`GET /v1/service_instances/{id}/parameters`). */
export interface InstanceSecurity {
  readonly credentialTypes: readonly string[];
  /** Its scopes as the parameters name them (`$XSMASTERAPPNAME.calm-api.…`); none for a service-manager instance. */
  readonly scopes: readonly string[];
}

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;

/**
 * A Cloud ALM API instance's credential types and scopes from its parameters (`xs-security`); a
 * service-manager instance takes no parameters, its plan gives its scopes and both credential types.
 */
export function instanceSecurity(offering: string, parameters: SmInstanceParameters): InstanceSecurity {
  if (offering === SERVICE_MANAGER) return { credentialTypes: SERVICE_MANAGER_CREDENTIAL_TYPES, scopes: [] };
  const security = record(parameters['xs-security']);
  return {
    credentialTypes: strings(record(security['oauth2-configuration'])['credential-types']) ?? ['binding-secret'],
    scopes: strings(security.authorities) ?? [],
  };
}

/** `$XSMASTERAPPNAME.calm-api.metrics.write` as the cockpit shows it: `calm-api.metrics.write`. */
export const scopeLabel = (scope: string): string => scope.replace(/^[^.]+\.(?=calm-api\.)/, '');

/** The largest page the API answers (max_items at most 200), so that a list takes as few calls as it can. */
const PAGE_SIZE = 200;
/** A list longer than this many pages is a server fault (a token that never ends), not a list to show. */
const MAX_PAGES = 100;

/** A literal of SAP's query language: quoted, with a quote doubled. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

async function allPages<T>(page: (token: string | undefined) => Promise<{ items: T[]; token?: string }>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let n = 0; n < MAX_PAGES; n += 1) {
    const next = await page(token);
    items.push(...next.items);
    if (!next.token || next.token === token) return items;
    token = next.token;
  }
  throw new ApiError(0, 'paging', t('btpSm.listDoesNotEnd'));
}

interface ListOf {
  readonly subaccountId: string;
  readonly fieldQuery?: string;
}

const listQuery = (of: ListOf, token: string | undefined) => ({
  subaccount_id: of.subaccountId,
  max_items: PAGE_SIZE,
  ...(of.fieldQuery ? { fieldQuery: of.fieldQuery } : {}),
  ...(token ? { token } : {}),
});

export const allInstances = (of: ListOf): Promise<SmInstance[]> =>
  allPages((token) => answer(api.GET('/v1/service_instances', { params: { query: listQuery(of, token) } })));

/** Bindings come without credentials in lists: a key is read only by its own audited GET. */
export const allBindings = (of: ListOf): Promise<SmBinding[]> =>
  allPages((token) => answer(api.GET('/v1/service_bindings', { params: { query: listQuery(of, token) } })));

export interface Catalog {
  readonly offerings: readonly SmOffering[];
  readonly plans: readonly SmPlan[];
}

/** The offerings and plans the caller may create in the subaccount. */
export async function loadCatalog(subaccountId: string): Promise<Catalog> {
  const query = { subaccount_id: subaccountId };
  const [offerings, plans] = await Promise.all([
    allPages((token) =>
      answer(api.GET('/v1/service_offerings', { params: { query: { ...query, ...(token ? { token } : {}) } } })),
    ),
    allPages((token) =>
      answer(api.GET('/v1/service_plans', { params: { query: { ...query, ...(token ? { token } : {}) } } })),
    ),
  ]);
  return { offerings, plans };
}

export function planOf(catalog: Catalog, planId: string): { plan?: SmPlan; offering?: SmOffering } {
  const plan = catalog.plans.find((p) => p.id === planId);
  return { plan, offering: plan ? catalog.offerings.find((o) => o.id === plan.service_offering_id) : undefined };
}

const LOCATION = /^\/v1\/(service_instances|service_bindings)\/([^/]+)\/operations\/([^/]+)$/;
/** Polling starts fast (a Cloud ALM API instance is there in milliseconds) and slows to this. */
const MAX_POLL_MS = 2000;
/** The server fails an operation "in progress" for 10 minutes (STALE_AFTER_MS); the page waits a little longer. */
const GIVE_UP_MS = 11 * 60_000;

const sleep = (ms: number) => new Promise<void>((resolve) => window.setTimeout(resolve, ms));

function readOperation(location: string): Promise<SmOperation> {
  const url = new URL(location, window.location.origin);
  const match = url.origin === window.location.origin ? LOCATION.exec(url.pathname) : null;
  if (!match) throw new ApiError(0, 'location', t('btpSm.unknownOperation'));
  const [, collection, id, operationId] = match;
  const path = { id: decodeURIComponent(id!), operationId: decodeURIComponent(operationId!) };
  return collection === 'service_instances'
    ? answer(api.GET('/v1/service_instances/{id}/operations/{operationId}', { params: { path } }))
    : answer(api.GET('/v1/service_bindings/{id}/operations/{operationId}', { params: { path } }));
}

/** Follows the operation of a 202 until it is no longer in progress; its result (succeeded or failed). */
export async function waitForOperation(response: Response): Promise<SmOperation> {
  const location = response.headers.get('location');
  if (!location) throw new ApiError(0, 'location', t('btpSm.noOperation'));
  const started = Date.now();
  for (let delay = 150; ; delay = Math.min(delay * 2, MAX_POLL_MS)) {
    const operation = await readOperation(location);
    if (operation.state !== 'in progress') return operation;
    if (Date.now() - started > GIVE_UP_MS) throw new ApiError(0, 'operation', t('btpSm.stillRunning'));
    await sleep(delay);
  }
}

/** A failed operation as an error: its description and SAP's `errors`. */
export function operationError(operation: SmOperation): ApiError {
  const reasons = operation.errors.map((e) => e.description).filter((d) => d && d !== operation.description);
  return new ApiError(
    422,
    'operation.failed',
    operation.description || t('btpSm.operationFailed'),
    reasons.map((message) => ({ path: '$', message })),
  );
}

/**
 * Runs a change that may answer 202 (SAP's default, `async=true`): waits for its operation and throws when it
 * failed. What `onAccepted` does shows that the change is running. Answers the resource's id.
 */
export async function change(
  pending: Promise<{ data?: unknown; error?: unknown; response: Response }>,
  onAccepted: () => void,
): Promise<string | undefined> {
  const { data, response } = await answerWithResponse(pending);
  if (response.status !== 202) return (data as { id?: string } | undefined)?.id;
  onAccepted();
  const operation = await waitForOperation(response);
  if (operation.state === 'failed') throw operationError(operation);
  return operation.resource_id;
}

/** The status words as SAP's cockpit has them; keys of the bundles (i18n.ts), read when drawn. */
const WORDS: Readonly<Record<SmOperation['type'], Record<SmOperation['state'], TextKey>>> = {
  create: { 'in progress': 'btpSm.creating', succeeded: 'btpSm.created', failed: 'btpSm.creationFailed' },
  update: { 'in progress': 'btpSm.updating', succeeded: 'btpSm.updated', failed: 'btpSm.updateFailed' },
  delete: { 'in progress': 'btpSm.deleting', succeeded: 'btpSm.deleted', failed: 'btpSm.deletionFailed' },
};
const DESIGNS: Readonly<Record<SmOperation['state'], string>> = {
  'in progress': 'Information',
  succeeded: 'Positive',
  failed: 'Negative',
};

/** The last operation in the cockpit's words ("Created", "Deletion Failed"): what the status column shows. */
export const operationWord = (operation: SmOperation): string => t(WORDS[operation.type][operation.state]);

/** The resource's status as SAP's cockpit words it, from its last operation; a failed one says why. */
export function operationStatus(operation: SmOperation): HTMLElement {
  const failed = operation.state === 'failed';
  return h(
    'div',
    {
      class: 'stack',
      attrs: { 'data-operation-type': operation.type, 'data-operation-state': operation.state },
    },
    // in a span, so that the column does not stretch the tag across the cell
    h('span', {}, h('ui5-tag', { design: DESIGNS[operation.state] }, operationWord(operation))),
    failed && operation.description ? h('span', { class: 'muted' }, operation.description) : null,
    ...(failed
      ? operation.errors
          .filter((e) => e.description && e.description !== operation.description)
          .map((e) => h('span', { class: 'muted' }, e.description))
      : []),
  );
}

/** What a busy dialog or section shows while an operation runs. */
export const working = (text: string): HTMLElement =>
  h(
    'div',
    { class: 'row', attrs: { role: 'status' } },
    h('ui5-busy-indicator', { active: true, size: 'S', accessibleName: text }),
    h('span', {}, text),
  );
