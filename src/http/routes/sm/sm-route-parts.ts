/**
 * What every route of the Service Manager API shares: the tag, the auth (a person, or a service-manager
 * key's bearer token), SAP's error format and its handler, the caller (`before`: who calls, in which
 * subaccounts, with the SAP scope the call needs), the rate limits, the query parameters of lists and of
 * changes, and the error codes every route can answer.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  keyCaller,
  personCaller,
  type SmCaller,
  type SmCollection,
  type SmAuth,
  type SmMethod,
  type SmService,
  smViews as views,
} from '../../../btp/index.js';
import { BTP_ERRORS } from '../../../btp/errors.js';
import { XSUAA_ERRORS } from '../../../xsuaa/errors.js';
import { invalidInput, notFound } from '../../../shared/index.js';
import { requireActor } from '../../auth.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { HTTP_ERRORS } from '../../error-codes.js';
import { serviceManagerRateLimits, type ServiceManagerLimitDeps } from '../btp-route-parts.js';
import { serviceManagerErrorHandler } from './sm-errors.js';

export type SmBearerAuth = Pick<SmAuth, 'authenticate'>;

const subaccountParameter = z
  .string()
  .min(1)
  .max(100)
  .optional()
  .describe(
    'People only: the subaccount to work in (default: all you administer; a create needs one). A key works in its own.',
  );

export const listQuery = z.object({
  fieldQuery: z
    .string()
    .min(1)
    .max(4096)
    .optional()
    .describe("SAP's query language on fields: catalog_name eq 'standard'"),
  labelQuery: z.string().min(1).max(4096).optional().describe("SAP's query language on labels: tenant_id eq 'a'"),
  max_items: z.coerce
    .number()
    .int()
    .min(0)
    .max(200)
    .optional()
    .describe('Page size (default 50; 0 answers the count alone)'),
  token: z.string().max(1000).optional().describe('The token of the previous page'),
  subaccount_id: subaccountParameter,
});
export const listParamsOf = (q: z.output<typeof listQuery>) => ({
  fieldQuery: q.fieldQuery,
  labelQuery: q.labelQuery,
  maxItems: q.max_items,
  token: q.token,
});
export const changeQuery = z.object({
  async: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v !== 'false')
    .describe("true (SAP's default): 202 and Location of the operation; false: the change is done when it answers"),
  subaccount_id: subaccountParameter,
});
export const subaccountQuery = z.object({ subaccount_id: subaccountParameter });
export const idParams = z.object({ id: z.string().min(1).max(100) });
export const operationParams = z.object({ id: z.string().min(1).max(100), operationId: z.string().min(1).max(100) });

/** What every route can answer besides its own errors (the implicit ones come from error-body.ts). */
export const SM_COMMON = {
  401: [XSUAA_ERRORS.token_invalid, XSUAA_ERRORS.token_wrong_audience, BTP_ERRORS.sm_token_not_service_manager],
  403: [BTP_ERRORS.sm_scope_missing],
  404: [BTP_ERRORS.subaccount_not_found],
  429: [BTP_ERRORS.rate_limited],
} as const;
/** A change while another operation of the resource runs. */
export const RUNNING = { 422: [BTP_ERRORS.sm_operation_in_progress] } as const;
export const LIST_ERRORS = {
  400: [BTP_ERRORS.sm_bad_query, BTP_ERRORS.sm_bad_paging, HTTP_ERRORS.invalid_query],
} as const;

function rateLimits(deps: ServiceManagerLimitDeps) {
  const limit = serviceManagerRateLimits('v1', deps);
  return (collection: SmCollection, method: SmMethod, operation: boolean, who: string) =>
    limit(who, {
      onBindings: collection === 'service_bindings',
      createsInstance: method === 'POST' && collection === 'service_instances' && !operation,
    });
}

/** A bearer token that is not a personal API token (`ckpat_`, resolved by http/auth.ts) is a service-manager key's. */
const isKeyToken = (header: string | undefined) =>
  header !== undefined && /^bearer\s/i.test(header) && !/^bearer\s+ckpat_/i.test(header);

/** `limits`: where the rate limits count (the database every process shares) and the overall limit. */
export function smCommon(auth: SmBearerAuth, limits: ServiceManagerLimitDeps) {
  const limit = rateLimits(limits);
  /** The parts every `/v1` route declaration spreads in; `collection` and `method` give the SAP scope needed. */
  return (collection: SmCollection, method: SmMethod, operation = false) => ({
    tag: 'btp' as const,
    auth: 'person-or-bearer' as const,
    errorFormat: 'service-manager' as const,
    fastify: { errorHandler: serviceManagerErrorHandler },
    before: async (request: FastifyRequest): Promise<SmCaller> => {
      const wanted = (request.query as Record<string, unknown> | undefined)?.subaccount_id;
      if (wanted !== undefined && (typeof wanted !== 'string' || wanted.length === 0 || wanted.length > 100))
        throw invalidInput(HTTP_ERRORS.invalid_query, 'subaccount_id: expected one subaccount id.', [
          { path: 'subaccount_id', message: 'expected one subaccount id' },
        ]);
      if (isKeyToken(request.headers.authorization)) {
        const principal = await auth.authenticate(request.headers.authorization, { call: { collection, method } });
        if (wanted !== undefined && wanted !== principal.subaccountId)
          throw notFound(BTP_ERRORS.subaccount_not_found, wanted);
        await limit(collection, method, operation, `client:${principal.clientId}`);
        return keyCaller(principal);
      }
      const actor = requireActor(request);
      await limit(collection, method, operation, actor.userId);
      return personCaller(actor, wanted);
    },
  });
}

/** 202 with the operation's Location, or the synchronous answer. */
export function answerChange<T>(
  reply: FastifyReply,
  result: { async: true; location: string } | { async: false; resource: T },
  syncStatus: number,
) {
  if (result.async) return reply.status(202).header('Location', result.location).send({});
  return reply.status(syncStatus).send(result.resource);
}

/** What a change answers: the resource when `async=false`, else 202 with the operation's Location. */
export const changeResponses = <S extends z.ZodType>(syncDescription: string, syncSchema: S) => ({
  200: json(syncDescription, syncSchema),
  202: json('Accepted: Location is the operation', views.smEmptySchema),
});

/** The list of a collection, with SAP's queries and paging. */
export function listRoute(
  common: ReturnType<typeof smCommon>,
  of: {
    readonly collection: 'service_instances' | 'service_bindings';
    readonly summary: string;
    readonly answer: ReturnType<typeof json>;
    readonly list: (caller: SmCaller, params: ReturnType<typeof listParamsOf>) => Promise<unknown>;
    /** The list may carry secrets: `Cache-Control: no-store`. */
    readonly noStore?: boolean;
  },
): AnyRoute {
  return defineRoute({
    method: 'GET',
    path: `/v1/${of.collection}`,
    summary: of.summary,
    ...common(of.collection, 'GET'),
    query: listQuery,
    responses: { 200: of.answer },
    errors: { ...SM_COMMON, ...LIST_ERRORS },
    handler: ({ auth, query, reply }) => {
      if (of.noStore) void reply.header('Cache-Control', 'no-store');
      return of.list(auth, listParamsOf(query));
    },
  });
}

/** DELETE of one instance or binding and the read of its operations: alike in both collections but for words. */
export function deleteAndOperationRoutes(
  sm: SmService,
  common: ReturnType<typeof smCommon>,
  of: {
    readonly collection: 'service_instances' | 'service_bindings';
    readonly remove: SmService['instances']['delete'];
    readonly notFound: { readonly 404: readonly string[] };
    readonly deleteSummary: string;
    readonly operationSummary: string;
  },
): AnyRoute[] {
  return [
    defineRoute({
      method: 'DELETE',
      path: `/v1/${of.collection}/{id}`,
      summary: of.deleteSummary,
      ...common(of.collection, 'DELETE'),
      params: idParams,
      query: changeQuery,
      responses: changeResponses('Deleted (async=false): {}', views.smEmptySchema),
      errors: { ...SM_COMMON, ...of.notFound, ...RUNNING },
      handler: async ({ auth, params, query, reply }) =>
        answerChange(reply, await of.remove(auth, params.id, query.async), 200),
    }),
    defineRoute({
      method: 'GET',
      path: `/v1/${of.collection}/{id}/operations/{operationId}`,
      summary: of.operationSummary,
      ...common(of.collection, 'GET', true),
      params: operationParams,
      query: subaccountQuery,
      responses: { 200: json('The operation', views.smOperationSchema) },
      errors: { ...SM_COMMON, 404: [...SM_COMMON[404], BTP_ERRORS.operation_not_found] },
      handler: ({ auth, params }) => sm.getOperation(auth, of.collection, params.id, params.operationId),
    }),
  ];
}
