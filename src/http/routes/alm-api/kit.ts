/**
 * What every route group of the Cloud ALM API shares: the bearer check with its scopes (`as`), the token errors
 * every route can answer, and the route tag. Groups are functions of this kit returning route declarations;
 * index.ts registers them in one scope with the RFC 6750 challenge.
 */
import type { FastifyRequest } from 'fastify';
import type { AlmApi, ApiPrincipal, ApiScope } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { XSUAA_ERRORS } from '../../../xsuaa/errors.js';
import type { Projects } from '../../../projects/index.js';

export const API_BODY_LIMIT = 4 * 1024 * 1024;

export const tag = 'cloud-alm-api';
export const auth = 'bearer';

/** 401 with WWW-Authenticate: Bearer error="invalid_token"; 403 insufficient_scope naming the scope. */
export const TOKEN = {
  401: [
    ALM_ERRORS.token_missing,
    ALM_ERRORS.no_tenant,
    XSUAA_ERRORS.token_invalid,
    XSUAA_ERRORS.token_wrong_audience,
    XSUAA_ERRORS.token_wrong_zone,
  ],
  403: [XSUAA_ERRORS.token_missing_scope],
} as const;

export interface AlmRouteKit {
  readonly almApi: AlmApi;
  readonly masterXsappname: string;
  /** The Projects and Tasks APIs (src/projects/): the tenant comes from the principal `as` answers. */
  readonly projects: Projects;
  /** `before` of a route needing these scopes (all of them): verifies the bearer token, answers the principal. */
  as(scope: ApiScope | readonly ApiScope[]): (request: FastifyRequest) => Promise<ApiPrincipal>;
}
