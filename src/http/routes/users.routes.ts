/** calm-keys administration of users and their role assignments: `/access/v1/...` (SystemAdministrator). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ROLES, type AccessService } from '../../access/index.js';
import { requireActor } from '../auth.js';
import { parseInput } from '../validation.js';

export const userBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024).optional() });
export const roleBody = z.object({ role: z.string().min(1).max(100), scopeId: z.string().min(1).max(100).optional() });
const userParams = z.object({ username: z.string().min(1).max(64) });

export function registerUserRoutes(app: FastifyInstance, deps: { access: AccessService }): void {
  const { access } = deps;

  app.get('/access/v1/roles', async () => ({
    roles: Object.entries(ROLES).map(([name, r]) => ({ name, label: r.label, scopeType: r.scope })),
  }));

  app.get('/access/v1/users', async (request) => ({ users: await access.listUsers(requireActor(request)) }));

  app.post('/access/v1/users', async (request, reply) => {
    const created = await access.createUser(requireActor(request), parseInput(userBody, request.body));
    void reply.header('Cache-Control', 'no-store');
    return reply.status(201).send(created);
  });

  app.post('/access/v1/users/:username/roles', async (request, reply) => {
    const { username } = parseInput(userParams, request.params, 'params');
    await access.assignRole(requireActor(request), { username, ...parseInput(roleBody, request.body) });
    return reply.status(204).send();
  });

  app.delete('/access/v1/users/:username/roles', async (request, reply) => {
    const { username } = parseInput(userParams, request.params, 'params');
    await access.revokeRole(requireActor(request), { username, ...parseInput(roleBody, request.body) });
    return reply.status(204).send();
  });
}
