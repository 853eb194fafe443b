/**
 * Service instances of the Service Manager API: list, read, the parameters, create (`?async=true`, SAP's
 * default: 202 and `Location` of the operation), PATCH (name, label operations), DELETE (200 `{}` or 202, never
 * 204), and the instance's operations.
 */
import { z } from 'zod';
import { smViews as views, type SmService } from '../../../btp/index.js';
import { BTP_ERRORS } from '../../../btp/errors.js';
import { XSUAA_ERRORS } from '../../../xsuaa/errors.js';
import { invalidInput } from '../../../shared/index.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { HTTP_ERRORS } from '../../error-codes.js';
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

/** Label keys as the query language reads them (sm-query/parser.ts), values as SAP stores them. */
export const labelKey = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_./-]{0,99}$/, 'a label key: letters, digits, _ . / -');
const labelValue = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\n\r]*$/, 'one line');
export const labelsBody = z.record(labelKey, z.array(labelValue).max(100)).optional();
export const labelChanges = z
  .array(z.object({ op: z.enum(['add', 'remove']), key: labelKey, values: z.array(labelValue).max(100).optional() }))
  .max(100)
  .optional();

const createBody = z.object({
  name: z.string().min(1).max(100),
  service_plan_id: z.string().min(1).max(100),
  parameters: z.unknown().optional(),
  labels: labelsBody,
});
const patchBody = z.object({
  name: z.string().min(1).max(100).optional(),
  service_plan_id: z.string().min(1).max(100).optional(),
  parameters: z.unknown().optional(),
  shared: z.boolean().optional().describe('Instance sharing: not offered (true is 400)'),
  labels: labelChanges,
});

const NOT_FOUND = { 404: [...SM_COMMON[404], BTP_ERRORS.instance_not_found] } as const;

/** A read only: SAP answers `async=true` with 400 ("doesn't support asynchronous operation"). */
const parametersQuery = subaccountQuery.extend({
  async: z.enum(['true', 'false']).optional().describe('Only false (or none): the read is synchronous'),
});

export function smInstanceRoutes(sm: SmService, common: ReturnType<typeof smCommon>): AnyRoute[] {
  return [
    listRoute(common, {
      collection: 'service_instances',
      summary: 'Service instances (SAP Service Manager)',
      answer: json('Instances', views.smInstanceListSchema),
      // read when a request comes (the contract-only app builds the routes without services)
      list: (...args) => sm.instances.list(...args),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/service_instances/{id}',
      summary: 'A service instance',
      ...common('service_instances', 'GET'),
      params: idParams,
      query: subaccountQuery,
      responses: { 200: json('The instance', views.smInstanceSchema) },
      errors: { ...SM_COMMON, ...NOT_FOUND },
      handler: ({ auth, params }) => sm.instances.get(auth, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/service_instances/{id}/parameters',
      summary: "An instance's configuration parameters",
      ...common('service_instances', 'GET'),
      params: idParams,
      query: parametersQuery,
      responses: { 200: json('The parameters', views.smInstanceParametersSchema) },
      errors: {
        ...SM_COMMON,
        ...NOT_FOUND,
        400: [HTTP_ERRORS.invalid_query, BTP_ERRORS.sm_parameters_not_retrievable],
      },
      handler: ({ auth, params, query }) => {
        if (query.async === 'true')
          throw invalidInput(
            HTTP_ERRORS.invalid_query,
            'async: reading the parameters is not an asynchronous operation.',
            [{ path: 'async', message: 'not supported here' }],
          );
        return sm.instances.parameters(auth, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/service_instances',
      summary: 'Create a service instance of a plan (async by default: 202 and Location)',
      ...common('service_instances', 'POST'),
      query: changeQuery,
      body: createBody,
      responses: {
        201: json('Created (async=false)', views.smInstanceSchema),
        202: json('Accepted: Location is /v1/service_instances/{id}/operations/{operationId}', views.smEmptySchema),
      },
      errors: {
        ...SM_COMMON,
        403: [...SM_COMMON[403], BTP_ERRORS.sm_service_manager_admin_only],
        400: [
          BTP_ERRORS.unknown_plan,
          BTP_ERRORS.unknown_offering,
          BTP_ERRORS.bad_parameters,
          BTP_ERRORS.bad_instance_name,
          BTP_ERRORS.sm_subaccount_required,
        ],
        409: [BTP_ERRORS.instance_exists],
      },
      handler: async ({ auth, query, body, reply }) =>
        answerChange(reply, await sm.instances.create(auth, body, query.async), 201),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/v1/service_instances/{id}',
      summary: 'Rename an instance or change its labels ({op: add|remove, key, values})',
      ...common('service_instances', 'PATCH'),
      params: idParams,
      query: changeQuery,
      body: patchBody,
      responses: changeResponses('Changed (async=false)', views.smInstanceSchema),
      errors: {
        ...SM_COMMON,
        ...NOT_FOUND,
        ...RUNNING,
        400: [BTP_ERRORS.bad_parameters, BTP_ERRORS.bad_instance_name],
        409: [BTP_ERRORS.instance_exists],
      },
      handler: async ({ auth, params, query, body, reply }) =>
        answerChange(reply, await sm.instances.update(auth, params.id, body, query.async), 200),
    }),
    ...deleteAndOperationRoutes(sm, common, {
      collection: 'service_instances',
      remove: (...args) => sm.instances.delete(...args),
      notFound: NOT_FOUND,
      deleteSummary: 'Delete an instance and its bindings: their credentials stop working at once',
      operationSummary:
        "An operation of an instance (the Location of a 202); its result stays after the instance's deletion",
    }),
  ];
}

/** 404s the instance service can answer while a binding is created (its instance or client went away). */
export const BINDING_TARGET_GONE = [BTP_ERRORS.instance_not_found, XSUAA_ERRORS.oauth_client_not_found] as const;
