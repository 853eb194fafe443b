/**
 * The BTP service routes, after SAP Service Manager: "SAP Cloud ALM API" instances and their bindings with
 * `credentials` in the binding (`/btp/v1/service_instances`, `/btp/v1/service_bindings`, the key download).
 * Registered by `registerBtpRoutes` (btp.routes.ts).
 */
import { z } from 'zod';
import { btpViews as views, type Btp } from '../../btp/index.js';
import { defineRoute, json, noContent, type AnyRoute } from '../contract/route.js';
import { BTP_ERRORS } from '../../btp/errors.js';
import { XSUAA_ERRORS } from '../../xsuaa/errors.js';
import { auth, idParams, list, RATE, tag } from './btp-route-parts.js';

export const instanceBody = z.object({
  name: z.string().min(1).max(100),
  subaccount_id: z.string().min(1).max(100),
  service_offering_name: z.string().min(1).max(100).optional().describe('SAPCloudALMAPIs (default) or service-manager'),
  service_plan_name: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'standard (default); service-manager: subaccount-admin, subaccount-audit, container, service-operator-access',
    ),
  service_plan_id: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('a plan id of GET /v1/service_plans, instead of the names'),
  parameters: z.unknown().optional(),
});
export const bindingBody = z
  .object({
    name: z.string().min(1).max(100),
    service_instance_id: z.string().min(1).max(100).optional(),
    service_instance_name: z.string().min(1).max(100).optional(),
    subaccount_id: z.string().min(1).max(100).optional().describe('with service_instance_name: look it up there'),
    parameters: z.unknown().optional(),
  })
  .refine((b) => b.service_instance_id !== undefined || b.service_instance_name !== undefined, {
    message: 'give service_instance_id or service_instance_name',
    path: ['service_instance_id'],
  });
export const keyQuery = z.object({ format: z.enum(['key', 'cf']).optional() });

const INSTANCE_NOT_FOUND = { 404: [BTP_ERRORS.instance_not_found] } as const;
const BINDING_NOT_FOUND = { 404: [BTP_ERRORS.binding_not_found] } as const;

export function btpInstanceRoutes(instances: Btp['instances']): AnyRoute[] {
  return [
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
        400: [
          BTP_ERRORS.bad_parameters,
          BTP_ERRORS.bad_instance_name,
          BTP_ERRORS.unknown_offering,
          BTP_ERRORS.unknown_plan,
        ],
        404: [BTP_ERRORS.subaccount_not_found],
        409: [BTP_ERRORS.instance_exists],
      },
      handler: ({ actor, body }) =>
        instances.createInstance(actor, {
          subaccountId: body.subaccount_id,
          name: body.name,
          parameters: body.parameters,
          ...(body.service_offering_name ? { offeringName: body.service_offering_name } : {}),
          ...(body.service_plan_name ? { planName: body.service_plan_name } : {}),
          ...(body.service_plan_id ? { planId: body.service_plan_id } : {}),
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
          body.service_instance_id ??
          (await instances.findInstanceByName(actor, body.service_instance_name!, body.subaccount_id)).id;
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
          z.union([views.serviceKeySchema, views.smServiceKeySchema, views.cfServiceKeySchema]),
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
  ];
}
