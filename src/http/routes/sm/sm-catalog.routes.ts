/**
 * The catalog of the Service Manager API: `GET /v1/service_offerings[/{id}]`, `/v1/service_plans[/{id}]`
 * (what the Service Operator looks plans up in, by `fieldQuery`), and `/v1/platforms[/{id}]` (none here).
 */
import { smViews as views, type SmService } from '../../../btp/index.js';
import { BTP_ERRORS } from '../../../btp/errors.js';
import { defineRoute, json, type AnyRoute } from '../../contract/route.js';
import {
  idParams,
  LIST_ERRORS,
  listParamsOf,
  listQuery,
  SM_COMMON,
  subaccountQuery,
  type smCommon,
} from './sm-route-parts.js';

export function smCatalogRoutes(sm: SmService, common: ReturnType<typeof smCommon>): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/v1/service_offerings',
      summary: 'Service offerings (SAP Service Manager)',
      ...common('service_offerings', 'GET'),
      query: listQuery,
      responses: { 200: json('Offerings', views.smOfferingListSchema) },
      errors: { ...SM_COMMON, ...LIST_ERRORS },
      handler: ({ auth, query }) => sm.listOfferings(auth, listParamsOf(query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/service_offerings/{id}',
      summary: 'A service offering',
      ...common('service_offerings', 'GET'),
      params: idParams,
      query: subaccountQuery,
      responses: { 200: json('The offering', views.smOfferingSchema) },
      errors: { ...SM_COMMON, 404: [...SM_COMMON[404], BTP_ERRORS.offering_not_found] },
      handler: ({ auth, params }) => sm.getOffering(auth, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/service_plans',
      summary: 'Service plans (SAP Service Manager)',
      ...common('service_plans', 'GET'),
      query: listQuery,
      responses: { 200: json('Plans', views.smPlanListSchema) },
      errors: { ...SM_COMMON, ...LIST_ERRORS },
      handler: ({ auth, query }) => sm.listPlans(auth, listParamsOf(query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/service_plans/{id}',
      summary: 'A service plan',
      ...common('service_plans', 'GET'),
      params: idParams,
      query: subaccountQuery,
      responses: { 200: json('The plan', views.smPlanSchema) },
      errors: { ...SM_COMMON, 404: [...SM_COMMON[404], BTP_ERRORS.plan_not_found] },
      handler: ({ auth, params }) => sm.getPlan(auth, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/platforms',
      summary: 'Registered platforms (none: calm-keys is the only one)',
      ...common('platforms', 'GET'),
      query: listQuery,
      responses: { 200: json('Platforms (empty)', views.smPlatformListSchema) },
      errors: { ...SM_COMMON, ...LIST_ERRORS },
      handler: ({ auth, query }) => sm.listPlatforms(auth, listParamsOf(query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/v1/platforms/{id}',
      summary: 'A registered platform (none exists)',
      ...common('platforms', 'GET'),
      params: idParams,
      query: subaccountQuery,
      responses: { 200: json('The platform', views.smPlatformSchema) },
      errors: { ...SM_COMMON, 404: [...SM_COMMON[404], BTP_ERRORS.platform_not_found] },
      handler: ({ auth, params }) => sm.getPlatform(auth, params.id),
    }),
  ];
}
