/**
 * The BTP control plane REST API, shaped after SAP Service Manager (`/v1/service_instances`,
 * `/v1/service_bindings` with `credentials` in the binding) plus account endpoints. SAP's documented rate
 * limits are emulated per caller (429 with Retry-After).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { btpViews as views, type Btp } from '../../btp/index.js';
import { createWindowCounter, DomainError } from '../../shared/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json, noContent } from '../contract/route.js';
import { BTP_ERRORS } from '../../btp/errors.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { XSUAA_ERRORS } from '../../xsuaa/errors.js';

const idParams = z.object({ id: z.string().min(1).max(100) });
export const globalAccountBody = z.object({ name: z.string().min(1).max(100) });
export const subaccountBody = z.object({
  globalAccountId: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  subdomain: z.string().min(1).max(63),
  region: z.string().min(1).max(20),
});
export const subscribeBody = z.object({ provisionedOn: z.string().max(10).optional() });
export const instanceBody = z.object({
  name: z.string().min(1).max(100),
  subaccount_id: z.string().min(1).max(100),
  service_offering_name: z.literal('SAPCloudALMAPIs').optional(),
  service_plan_name: z.literal('standard').optional(),
  parameters: z.unknown().optional(),
});
export const bindingBody = z
  .object({
    name: z.string().min(1).max(100),
    service_instance_id: z.string().min(1).max(100).optional(),
    service_instance_name: z.string().min(1).max(100).optional(),
    parameters: z.unknown().optional(),
  })
  .refine((b) => b.service_instance_id !== undefined || b.service_instance_name !== undefined, {
    message: 'give service_instance_id or service_instance_name',
    path: ['service_instance_id'],
  });
export const keyQuery = z.object({ format: z.enum(['key', 'cf']).optional() });

const list = <T>(items: T[]) => ({ num_items: items.length, items });
const tag = 'btp';
const auth = 'person';
const RATE = { 429: [BTP_ERRORS.rate_limited] } as const;
const INSTANCE_NOT_FOUND = { 404: [BTP_ERRORS.instance_not_found] } as const;
const BINDING_NOT_FOUND = { 404: [BTP_ERRORS.binding_not_found] } as const;

/** SAP Service Manager's request limits per caller: overall, on bindings, and instance creations, per minute. */
export const SERVICE_MANAGER_RATE_LIMITS = { all: 1000, bindings: 600, createInstance: 50, windowMs: 60_000 } as const;

function rateLimits() {
  const { windowMs } = SERVICE_MANAGER_RATE_LIMITS;
  const limits = {
    all: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.all, windowMs }),
    bindings: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.bindings, windowMs }),
    createInstance: createWindowCounter({ limit: SERVICE_MANAGER_RATE_LIMITS.createInstance, windowMs }),
  };
  // The route's pattern, not the URL: the router decodes percent-encoding before matching (/%62tp/... is /btp/...)
  return (request: FastifyRequest, route: string, who: string) => {
    const applicable = [limits.all];
    if (route.startsWith('/btp/v1/service_bindings')) applicable.push(limits.bindings);
    if (request.method === 'POST' && route.startsWith('/btp/v1/service_instances'))
      applicable.push(limits.createInstance);
    const wait = Math.max(...applicable.map((l) => l.retryAfter(who)));
    if (wait > 0)
      throw new DomainError(
        'rate_limited',
        BTP_ERRORS.rate_limited,
        `Too many requests; SAP Service Manager's limits apply. Retry in ${wait} s.`,
        { retryAfterSeconds: wait },
      );
    for (const l of applicable) l.record(who);
  };
}

export function registerBtpRoutes(app: FastifyInstance, deps: { btp: Btp }): void {
  const { accounts, instances } = deps.btp;
  const limit = rateLimits();
  app.addHook('preHandler', async (request) => {
    const route = request.routeOptions.url;
    if (route?.startsWith('/btp/v1/') && request.actor) limit(request, route, request.actor.userId);
  });

  registerRoutes(app, [
    defineRoute({
      method: 'POST',
      path: '/btp/v1/global_accounts',
      summary: 'Create a global account (calm-keys Administrator)',
      tag,
      auth,
      body: globalAccountBody,
      responses: { 201: json('Created', views.globalAccountSchema) },
      errors: { ...RATE, 403: [SHARED_ERRORS.forbidden] },
      handler: ({ actor, body }) => accounts.createGlobalAccount(actor, body),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/global_accounts',
      summary: 'Global accounts you administer',
      tag,
      auth,
      responses: { 200: json('Global accounts', views.globalAccountListSchema) },
      errors: RATE,
      handler: async ({ actor }) => list(await accounts.listGlobalAccounts(actor)),
    }),
    defineRoute({
      method: 'POST',
      path: '/btp/v1/subaccounts',
      summary: 'Create a subaccount with its identity zone',
      tag,
      auth,
      body: subaccountBody,
      responses: { 201: json('Created', views.createdSubaccountSchema) },
      errors: {
        ...RATE,
        400: [BTP_ERRORS.bad_region, XSUAA_ERRORS.bad_subdomain],
        403: [SHARED_ERRORS.forbidden],
        404: [BTP_ERRORS.global_account_not_found],
        409: [BTP_ERRORS.subdomain_taken],
      },
      handler: ({ actor, body }) => accounts.createSubaccount(actor, body),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/subaccounts',
      summary: 'Subaccounts you administer',
      tag,
      auth,
      responses: { 200: json('Subaccounts', views.subaccountListSchema) },
      errors: RATE,
      handler: async ({ actor }) => list(await accounts.listSubaccounts(actor)),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/subaccounts/{id}',
      summary: 'A subaccount',
      tag,
      auth,
      params: idParams,
      responses: { 200: json('The subaccount', views.subaccountSchema) },
      errors: { ...RATE, 404: [BTP_ERRORS.subaccount_not_found] },
      handler: ({ actor, params }) => accounts.getSubaccount(actor, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: '/btp/v1/subaccounts/{id}/cloud_alm',
      summary: 'Subscribe to SAP Cloud ALM: the tenant, provisioned on a date',
      tag,
      auth,
      params: idParams,
      body: subscribeBody,
      bodyOptional: true,
      responses: { 201: json('The tenant and what its provisioning date brought', views.cloudAlmSubscriptionSchema) },
      errors: {
        ...RATE,
        400: [BTP_ERRORS.bad_date],
        404: [BTP_ERRORS.subaccount_not_found],
        409: [BTP_ERRORS.already_subscribed],
        503: [BTP_ERRORS.key_generation_busy],
      },
      handler: ({ actor, params, body }) =>
        accounts.subscribeCloudAlm(actor, {
          subaccountId: params.id,
          ...(body.provisionedOn ? { provisionedOn: body.provisionedOn } : {}),
        }),
    }),
    defineRoute({
      method: 'POST',
      path: '/btp/v1/service_instances',
      summary: 'Create an "SAP Cloud ALM API" instance',
      tag,
      auth,
      body: instanceBody,
      responses: { 201: json('Created', views.instanceViewSchema) },
      errors: {
        ...RATE,
        400: [BTP_ERRORS.bad_parameters, BTP_ERRORS.bad_instance_name],
        404: [BTP_ERRORS.subaccount_not_found],
        409: [BTP_ERRORS.instance_exists],
      },
      handler: ({ actor, body }) =>
        instances.createInstance(actor, {
          subaccountId: body.subaccount_id,
          name: body.name,
          parameters: body.parameters,
        }),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/service_instances',
      summary: 'Instances you administer',
      tag,
      auth,
      responses: { 200: json('Instances', views.instanceListSchema) },
      errors: RATE,
      handler: async ({ actor }) => list(await instances.listInstances(actor)),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/service_instances/{id}',
      summary: 'An instance',
      tag,
      auth,
      params: idParams,
      responses: { 200: json('The instance', views.instanceViewSchema) },
      errors: { ...RATE, ...INSTANCE_NOT_FOUND },
      handler: ({ actor, params }) => instances.getInstance(actor, params.id),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/btp/v1/service_instances/{id}',
      summary: 'Delete an instance and its bindings',
      tag,
      auth,
      params: idParams,
      responses: { 204: noContent('Deleted; its credentials stop working at once') },
      errors: { ...RATE, ...INSTANCE_NOT_FOUND },
      handler: async ({ actor, params }) => void (await instances.deleteInstance(actor, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: '/btp/v1/service_bindings',
      summary: 'Create a binding (service key) with its credentials',
      tag,
      auth,
      body: bindingBody,
      responses: {
        201: json(
          'The binding with its credentials (shown now and by GET of the binding)',
          views.bindingWithCredentialsSchema,
        ),
      },
      errors: {
        ...RATE,
        400: [
          BTP_ERRORS.bad_parameters,
          BTP_ERRORS.bad_binding_name,
          BTP_ERRORS.bad_validity,
          BTP_ERRORS.reserved_binding_name,
          BTP_ERRORS.credential_type_not_allowed,
          BTP_ERRORS.x509_unavailable,
          BTP_ERRORS.ambiguous_instance,
        ],
        // oauth_client: the instance's client is gone (deleted while the binding was created)
        404: [BTP_ERRORS.instance_not_found, XSUAA_ERRORS.oauth_client_not_found],
        409: [BTP_ERRORS.binding_exists, BTP_ERRORS.binding_limit],
        503: [BTP_ERRORS.key_generation_busy],
      },
      handler: async ({ actor, body, reply }) => {
        const instanceId =
          body.service_instance_id ?? (await instances.findInstanceByName(actor, body.service_instance_name!)).id;
        void reply.header('Cache-Control', 'no-store');
        return instances.createBinding(actor, { instanceId, name: body.name, parameters: body.parameters });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/service_bindings',
      summary: 'Bindings you administer (no credentials)',
      tag,
      auth,
      responses: { 200: json('Bindings', views.bindingListSchema) },
      errors: RATE,
      handler: async ({ actor }) => list(await instances.listBindings(actor)),
    }),
    defineRoute({
      method: 'GET',
      path: '/btp/v1/service_bindings/{id}',
      summary: 'A binding with its credentials (audited)',
      tag,
      auth,
      params: idParams,
      responses: { 200: json('The binding with its credentials', views.bindingWithCredentialsSchema) },
      errors: { ...RATE, ...BINDING_NOT_FOUND },
      handler: ({ actor, params, reply }) => {
        void reply.header('Cache-Control', 'no-store');
        return instances.getBinding(actor, params.id);
      },
    }),
    /** Download: the service-key JSON as a file; `?format=cf` wraps it like `cf service-key` (v8) prints it. */
    defineRoute({
      method: 'GET',
      path: '/btp/v1/service_bindings/{id}/key',
      summary: 'Download the service key file (or the cf v8 form)',
      tag,
      auth,
      params: idParams,
      query: keyQuery,
      responses: {
        200: json(
          'The key file (Content-Disposition: attachment); with format=cf, {"credentials": key}',
          z.union([views.serviceKeySchema, views.cfServiceKeySchema]),
        ),
      },
      errors: { ...RATE, ...BINDING_NOT_FOUND },
      handler: async ({ actor, params, query, reply }) => {
        const binding = await instances.getBinding(actor, params.id, query.format ?? 'key');
        const body = query.format === 'cf' ? { credentials: binding.credentials } : binding.credentials;
        const safeName = binding.name.replace(/[^A-Za-z0-9._-]/g, '_');
        return reply
          .header('Cache-Control', 'no-store')
          .header('Content-Type', 'application/json; charset=utf-8')
          .header('Content-Disposition', `attachment; filename="${safeName}.json"`)
          .send(`${JSON.stringify(body, null, 2)}\n`);
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/btp/v1/service_bindings/{id}',
      summary: 'Delete a binding: its credential stops working at once',
      tag,
      auth,
      params: idParams,
      responses: { 204: noContent('Deleted') },
      errors: { ...RATE, ...BINDING_NOT_FOUND },
      handler: async ({ actor, params }) => void (await instances.deleteBinding(actor, params.id)),
    }),
  ]);
}
