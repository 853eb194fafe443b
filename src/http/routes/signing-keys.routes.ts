/** Token signing keys: list and rotate (`/xsuaa/v1/signing-keys`, calm-keys administrators). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { authorize, toAuditActor } from '../../access/index.js';
import type { SigningKeys } from '../../xsuaa/index.js';
import { requireActor } from '../auth.js';
import { parseInput } from '../validation.js';

export const rotateBody = z.object({ force: z.boolean().optional() });

export function registerSigningKeyRoutes(app: FastifyInstance, deps: { signingKeys: SigningKeys }): void {
  app.get('/xsuaa/v1/signing-keys', async (request) => {
    authorize(requireActor(request), 'system.signing_key.manage', { kind: 'system' });
    const keys = await deps.signingKeys.published();
    return { keys: keys.map((k) => ({ kid: k.kid, state: k.state, activatesAt: k.activatesAt, retiresAt: k.retiresAt })) };
  });

  app.post('/xsuaa/v1/signing-keys/rotate', async (request, reply) => {
    const actor = requireActor(request);
    authorize(actor, 'system.signing_key.manage', { kind: 'system' });
    const { force } = parseInput(rotateBody, request.body ?? {});
    return reply.status(201).send(await deps.signingKeys.rotate(toAuditActor(actor), { force: force ?? false }));
  });
}
