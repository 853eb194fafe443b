/**
 * Landscape Management: staged rotation of a tenant's service key (`/lm/v1/tenants/{tenantId}/service-key/rotation`).
 * Reading it is the Security Viewer's right too; starting, promoting and cancelling are the Security
 * Administrator's (access/policy.ts `lm.service_key.rotate`). The answers never carry a secret.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { landscapeViews as views, type Landscape, LANDSCAPE_ERRORS } from '../../landscape/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';

const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
const tag = 'landscape';
const auth = 'person';
const base = '/lm/v1/tenants/{tenantId}/service-key/rotation';
const TENANT = { 403: [SHARED_ERRORS.forbidden], 404: [LANDSCAPE_ERRORS.tenant_not_found] } as const;
const RUNNING = {
  403: [SHARED_ERRORS.forbidden],
  404: [LANDSCAPE_ERRORS.tenant_not_found, LANDSCAPE_ERRORS.rotation_not_found],
  409: [LANDSCAPE_ERRORS.rotation_wrong_state],
} as const;

export function registerKeyRotationRoutes(app: FastifyInstance, deps: { landscape: Landscape }): void {
  const rotations = deps.landscape.rotations;
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: base,
      summary: 'The staged rotation of the key: the running one (or the last), each step with its time',
      tag,
      auth,
      params: tenantParams,
      responses: { 200: json('The rotation and what you may do', views.rotationAnswerSchema) },
      errors: TENANT,
      handler: ({ actor, params }) => rotations.view(actor, params.tenantId),
    }),
    defineRoute({
      method: 'POST',
      path: base,
      summary: 'Rotate the key: new binding, Test, pending, promotion, old binding deleted after the grace period',
      description:
        'For a key of this BTP the steps up to promotion run before the answer; the deletion of the old binding follows after the grace period. ' +
        "For a key this BTP did not issue the rotation waits for the new key's upload (see `nextAction`).",
      tag,
      auth,
      params: tenantParams,
      body: views.rotateBodySchema,
      responses: { 201: json('The rotation after its first steps', views.rotationAnswerSchema) },
      errors: {
        ...TENANT,
        400: [LANDSCAPE_ERRORS.rotation_bad_grace],
        404: [LANDSCAPE_ERRORS.tenant_not_found, LANDSCAPE_ERRORS.slot_empty],
        409: [LANDSCAPE_ERRORS.rotation_in_progress],
      },
      handler: async ({ actor, params, body, reply }) =>
        reply.status(201).send(await rotations.rotate(actor, params.tenantId, body)),
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/promote`,
      summary: 'Promote the pending key of a held rotation (tested again first)',
      tag,
      auth,
      params: tenantParams,
      responses: { 200: json('The rotation', views.rotationAnswerSchema) },
      errors: RUNNING,
      handler: ({ actor, params }) => rotations.promote(actor, params.tenantId),
    }),
    defineRoute({
      method: 'POST',
      path: `${base}/cancel`,
      summary: 'Cancel the rotation before promotion: the new binding is deleted, the pending key cleared',
      tag,
      auth,
      params: tenantParams,
      responses: { 200: json('The cancelled rotation', views.rotationAnswerSchema) },
      errors: RUNNING,
      handler: ({ actor, params }) => rotations.cancel(actor, params.tenantId),
    }),
  ]);
}
