/**
 * The CLI's typed client (openapi-fetch over the generated paths) answering from a function instead of a
 * server: what a unit test of a command's calls needs. Every request is recorded with its method, path and
 * query (decoded) and its JSON body.
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../../generated/api.js';
import type { ApiClient } from '../api-client.js';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface FakeAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const BASE = 'https://calm.example.invalid';

export function fakeApi(reply: (request: SeenRequest) => FakeAnswer): { api: ApiClient; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const client = createClient<paths>({
    baseUrl: BASE,
    fetch: async (request: Request) => {
      const url = new URL(request.url);
      const text = request.body === null ? '' : await request.text();
      const one: SeenRequest = {
        method: request.method,
        path: decodeURIComponent(url.pathname),
        query: Object.fromEntries(url.searchParams),
        body: text === '' ? undefined : (JSON.parse(text) as unknown),
      };
      seen.push(one);
      const answer = reply(one);
      return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': 'application/json', ...answer.headers },
      });
    },
  });
  return { api: { ...client, close: async () => undefined }, seen };
}

/** A Service Manager list page, as `/v1` answers it. */
export const smPage = <T>(items: readonly T[], token?: string) => ({
  num_items: items.length,
  items,
  ...(token === undefined ? {} : { token }),
});

/** The catalog as `/v1/service_offerings` and `/v1/service_plans` list it (the fields the CLI reads). */
export const CATALOG = {
  offerings: [
    { id: 'o-calm', name: 'SAPCloudALMAPIs' },
    { id: 'o-sm', name: 'service-manager' },
  ],
  plans: [
    { id: 'p-standard', name: 'standard', service_offering_id: 'o-calm' },
    { id: 'p-admin', name: 'subaccount-admin', service_offering_id: 'o-sm' },
    { id: 'p-audit', name: 'subaccount-audit', service_offering_id: 'o-sm' },
  ],
};

/** An operation of `/v1/.../operations/{id}` in the given state. */
export const smOperation = (
  state: 'in progress' | 'succeeded' | 'failed',
  type: 'create' | 'delete' = 'create',
  resourceId = 'r1',
  errors: { error: string; description: string }[] = [],
) => ({
  id: 'op1',
  type,
  state,
  description: `The ${type} is ${state}.`,
  resource_id: resourceId,
  resource_type: '/v1/service_instances',
  platform_id: 'service-manager',
  ready: state === 'succeeded',
  errors,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});

/** An instance of `/v1/service_instances` of the plan given. */
export const smInstance = (id: string, name: string, planId: string, subaccountId = 's1') => ({
  id,
  name,
  service_plan_id: planId,
  platform_id: 'service-manager',
  context: { platform: 'service-manager', subaccount_id: subaccountId, instance_name: name },
  ready: true,
  usable: true,
  shared: false,
  labels: { subaccount_id: [subaccountId] },
  last_operation: smOperation('succeeded', 'create', id),
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
});
