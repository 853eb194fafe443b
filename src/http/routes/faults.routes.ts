/**
 * Fault injection (`/faults/v1`, faults/): the calm-keys administrator adds, lists and deletes faults; anyone
 * signed in reads how many are active (the web UI's banner). A service key's bearer token is no person here
 * (401), so no tenant's key can enable a fault.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FAULT_ERRORS, faultViews as views, type FaultService } from '../../faults/index.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json, noContent } from '../contract/route.js';

const tag = 'faults';
const auth = 'person';
const base = '/faults/v1/faults';
const ADMIN = { 403: [SHARED_ERRORS.forbidden] } as const;

export function registerFaultRoutes(app: FastifyInstance, deps: { faults: FaultService }): void {
  const service = deps.faults;
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: base,
      summary: 'The active faults, oldest first (calm-keys Administrator)',
      tag,
      auth,
      responses: { 200: json('The active faults', views.faultListSchema) },
      errors: ADMIN,
      handler: ({ actor }) => service.list(actor),
    }),
    defineRoute({
      method: 'POST',
      path: base,
      summary: 'Add a fault: an error status, a delay, a reset connection or a rate limit (calm-keys Administrator)',
      description:
        "Applies on every process of the database within about a second. Targets: token (/oauth/token, also on the mTLS listener), jwks (/token_keys), api (/api/..., a route prefix narrows it). clientId narrows it to one client: the token request's authenticating client, the API token's client_id claim.",
      tag,
      auth,
      body: views.addFaultSchema,
      responses: { 201: json('Added', views.faultViewSchema) },
      errors: { ...ADMIN, 400: [FAULT_ERRORS.bad_fault], 409: [FAULT_ERRORS.too_many] },
      handler: ({ actor, body }) => service.add(actor, body),
    }),
    defineRoute({
      method: 'DELETE',
      path: base,
      summary: 'Delete every fault (calm-keys Administrator)',
      tag,
      auth,
      responses: { 200: json('Deleted', views.faultsClearedSchema) },
      errors: ADMIN,
      handler: ({ actor }) => service.clear(actor),
    }),
    defineRoute({
      method: 'DELETE',
      path: `${base}/{faultId}`,
      summary: 'Delete one fault (calm-keys Administrator)',
      tag,
      auth,
      params: z.object({ faultId: z.string().min(1).max(100) }),
      responses: { 204: noContent('Deleted') },
      errors: { ...ADMIN, 404: [FAULT_ERRORS.not_found] },
      handler: async ({ actor, params }) => void (await service.remove(actor, params.faultId)),
    }),
    defineRoute({
      method: 'GET',
      path: '/faults/v1/status',
      summary: 'How many faults are active (anyone signed in: the web UI shows a banner while any is)',
      tag,
      auth,
      responses: { 200: json('The count', views.faultStatusSchema) },
      errors: {},
      handler: () => service.status(),
    }),
  ]);
}
