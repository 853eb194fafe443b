/** Token signing keys: list and rotate (`/xsuaa/v1/signing-keys`, calm-keys administrators). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorize, toAuditActor } from '../../access/index.js';
import { xsuaaViews, type SigningKeys } from '../../xsuaa/index.js';
import { requireActor } from '../auth.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';

export const rotateBody = z.object({ force: z.boolean().optional().describe('Emergency rotation: the new key signs at once, every published key is retired') });

const administrator = (request: FastifyRequest) => authorize(requireActor(request), 'system.signing_key.manage', { kind: 'system' });

export function registerSigningKeyRoutes(app: FastifyInstance, deps: { signingKeys: SigningKeys }): void {
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/xsuaa/v1/signing-keys',
      summary: 'Signing keys and their state (calm-keys Administrator)',
      tag: 'oauth',
      auth: 'person',
      before: administrator,
      responses: { 200: json('Published keys', xsuaaViews.signingKeyListSchema) },
      errors: { 403: ['access.forbidden'] },
      handler: async () => {
        const keys = await deps.signingKeys.published();
        return { keys: keys.map((k) => ({ kid: k.kid, state: k.state, activatesAt: k.activatesAt, retiresAt: k.retiresAt })) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/xsuaa/v1/signing-keys/rotate',
      summary: 'Rotate the signing key (calm-keys Administrator)',
      tag: 'oauth',
      auth: 'person',
      before: administrator,
      body: rotateBody,
      bodyOptional: true,
      responses: { 201: json('The new key', xsuaaViews.signingKeyRotationSchema) },
      errors: { 403: ['access.forbidden'], 409: ['xsuaa.rotation_pending', 'xsuaa.rotation_concurrent'] },
      handler: ({ actor, body }) => deps.signingKeys.rotate(toAuditActor(actor), { force: body.force ?? false }),
    }),
  ]);
}
