/** Token signing keys: list and rotate (`/xsuaa/v1/signing-keys`, calm-keys administrators). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { xsuaaViews, type SigningKeys } from '../../xsuaa/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { XSUAA_ERRORS } from '../../xsuaa/errors.js';

export const rotateBody = z.object({
  force: z
    .boolean()
    .optional()
    .describe('Emergency rotation: the new key signs at once, every published key is retired'),
});

export function registerSigningKeyRoutes(app: FastifyInstance, deps: { signingKeys: SigningKeys }): void {
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/xsuaa/v1/signing-keys',
      summary: 'Signing keys and their state (calm-keys Administrator)',
      tag: 'oauth',
      auth: 'person',
      responses: { 200: json('Published keys', xsuaaViews.signingKeyListSchema) },
      errors: { 403: [SHARED_ERRORS.forbidden] },
      handler: async ({ actor }) => {
        const keys = await deps.signingKeys.listAs(actor);
        return {
          keys: keys.map((k) => ({ kid: k.kid, state: k.state, activatesAt: k.activatesAt, retiresAt: k.retiresAt })),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/xsuaa/v1/signing-keys/rotate',
      summary: 'Rotate the signing key (calm-keys Administrator)',
      tag: 'oauth',
      auth: 'person',
      body: rotateBody,
      bodyOptional: true,
      responses: { 201: json('The new key', xsuaaViews.signingKeyRotationSchema) },
      errors: {
        403: [SHARED_ERRORS.forbidden],
        409: [XSUAA_ERRORS.rotation_pending, XSUAA_ERRORS.rotation_concurrent],
      },
      handler: ({ actor, body }) => deps.signingKeys.rotateAs(actor, { force: body.force ?? false }),
    }),
  ]);
}
