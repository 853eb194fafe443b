/**
 * Service bindings of the Service Manager API: list (a key's with the credentials it may read, audited; a
 * person's without), read with `credentials` (audited,
 * `Cache-Control: no-store`), create (`?async=true` by default, as SAP's *Operations* page says of both API
 * groups), PATCH (name, labels), DELETE (200 `{}` or 202; the credential stops working at once), operations.
 */
import { z } from 'zod';
import { smViews as views, type SmService } from '../../../btp/index.js';
import { BTP_ERRORS } from '../../../btp/errors.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { BINDING_TARGET_GONE, labelChanges, labelsBody } from './sm-instances.routes.js';
import {
  answerChange,
  changeQuery,
  changeResponses,
  deleteAndOperationRoutes,
  idParams,
  listRoute,
  RUNNING,
  SM_COMMON,
  subaccountQuery,
  type smCommon,
} from './sm-route-parts.js';

const createBody = z.object({
  name: z.string().min(1).max(100),
  service_instance_id: z.string().min(1).max(100),
  parameters: z.unknown().optional(),
  labels: labelsBody,
});
const patchBody = z.object({ name: z.string().min(1).max(100).optional(), labels: labelChanges });

const NOT_FOUND = { 404: [...SM_COMMON[404], BTP_ERRORS.binding_not_found] } as const;

export function smBindingRoutes(sm: SmService, common: ReturnType<typeof smCommon>): AnyRoute[] {
  return [
    listRoute(common, {
      collection: 'service_bindings',
      summary:
        "Service bindings (SAP Service Manager): a service-manager key's list carries the credentials its GET would (audited), a person's none",
      answer: json('Bindings (Cache-Control: no-store)', views.smBindingListSchema),
      noStore: true,
      // read when a request comes (the contract-only app builds the routes without services)
      list: (...args) => sm.bindings.list(...args),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/service_bindings/{id}',
      summary: 'A binding with its credentials (audited) for a caller that may manage bindings',
      ...common('service_bindings', 'GET'),
      params: idParams,
      query: subaccountQuery,
      responses: {
        200: json(
          'The binding (Cache-Control: no-store); without credentials for a key that may only read bindings, and for a key not of subaccount-admin when the instance is a service-manager one',
          z.union([views.smBindingWithCredentialsSchema, views.smBindingSchema]),
        ),
      },
      errors: { ...SM_COMMON, ...NOT_FOUND },
      handler: async ({ auth, params, reply }) => {
        void reply.header('Cache-Control', 'no-store');
        return sm.bindings.get(auth, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/service_bindings',
      summary: 'Create a binding (service key) of an instance (async by default: 202 and Location)',
      ...common('service_bindings', 'POST'),
      query: changeQuery,
      body: createBody,
      responses: {
        201: json('Created with its credentials (async=false)', views.smBindingWithCredentialsSchema),
        202: json('Accepted: Location is /v1/service_bindings/{id}/operations/{operationId}', views.smEmptySchema),
      },
      errors: {
        ...SM_COMMON,
        403: [...SM_COMMON[403], BTP_ERRORS.sm_service_manager_admin_only],
        400: [
          BTP_ERRORS.bad_parameters,
          BTP_ERRORS.bad_binding_name,
          BTP_ERRORS.bad_validity,
          BTP_ERRORS.reserved_binding_name,
          BTP_ERRORS.credential_type_not_allowed,
          BTP_ERRORS.x509_unavailable,
        ],
        404: [...SM_COMMON[404], ...BINDING_TARGET_GONE],
        409: [BTP_ERRORS.binding_exists, BTP_ERRORS.binding_limit],
        ...RUNNING,
        503: [BTP_ERRORS.key_generation_busy],
      },
      handler: async ({ auth, query, body, reply }) => {
        void reply.header('Cache-Control', 'no-store');
        return answerChange(reply, await sm.bindings.create(auth, body, query.async), 201);
      },
    }),
    defineRoute({
      method: 'PATCH',
      path: '/v1/service_bindings/{id}',
      summary: 'Rename a binding or change its labels',
      ...common('service_bindings', 'PATCH'),
      params: idParams,
      query: changeQuery,
      body: patchBody,
      responses: changeResponses('Changed (async=false)', views.smBindingSchema),
      errors: {
        ...SM_COMMON,
        404: [...NOT_FOUND[404], BTP_ERRORS.instance_not_found],
        ...RUNNING,
        400: [BTP_ERRORS.bad_parameters, BTP_ERRORS.bad_binding_name, BTP_ERRORS.reserved_binding_name],
        409: [BTP_ERRORS.binding_exists],
      },
      handler: async ({ auth, params, query, body, reply }) =>
        answerChange(reply, await sm.bindings.update(auth, params.id, body, query.async), 200),
    }),
    ...deleteAndOperationRoutes(sm, common, {
      collection: 'service_bindings',
      remove: (...args) => sm.bindings.delete(...args),
      notFound: NOT_FOUND,
      deleteSummary: 'Delete a binding: its credential stops working at once',
      operationSummary: 'An operation of a binding (the Location of a 202)',
    }),
  ];
}
