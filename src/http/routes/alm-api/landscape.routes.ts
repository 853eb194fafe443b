/**
 * SAP's CALM_LMS read (`/calm-landscape/v1`): the managed services and systems of the token's tenant as landscape
 * objects, and the properties of one. Scope calm-api.landscape.read.
 */
import { z } from 'zod';
import { landscapeApiViews as views, MAX_PAGE } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import { auth, tag, TOKEN, type AlmRouteKit } from './kit.js';

const text = z.string().min(1).max(200).optional();

export const pagingQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE)
    .optional()
    .describe(`Rows per page (default 100, at most ${MAX_PAGE})`),
  offset: z.coerce.number().int().min(0).max(100_000).optional(),
};

export const landscapeObjectsQuery = z.object({
  name: text,
  systemNumber: text,
  objectType: text.describe('CloudService or TechnicalSystem (BusinessService: calm-keys holds none)'),
  source: text.describe('MANUAL or REGISTRATION'),
  lmsId: text,
  serviceType: text,
  role: text,
  externalId: text,
  deploymentModel: text,
  ...pagingQuery,
});

export function landscapeRoutes({ almApi: { landscape }, as }: AlmRouteKit): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/calm-landscape/v1/landscapeObjects',
      summary: 'Landscape objects of the tenant, filtered (scope calm-api.landscape.read)',
      tag,
      auth,
      before: as('landscape.read'),
      query: landscapeObjectsQuery,
      responses: { 200: json('The matching landscape objects, by name', views.landscapeObjectsSchema) },
      errors: TOKEN,
      handler: ({ auth: who, query }) => landscape.objects(who, query),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/calm-landscape/v1/properties',
      summary: 'The properties of one landscape object (scope calm-api.landscape.read)',
      tag,
      auth,
      before: as('landscape.read'),
      query: z.object({ lmsId: z.string().max(200).optional() }),
      responses: { 200: json('Its properties', views.landscapePropertiesSchema) },
      errors: { ...TOKEN, 400: [ALM_ERRORS.lms_id_missing], 404: [ALM_ERRORS.landscape_object_not_found] },
      handler: ({ auth: who, query }) => landscape.properties(who, query),
    }),
  ];
}
