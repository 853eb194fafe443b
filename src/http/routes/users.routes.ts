/**
 * calm-keys administration of users (create, lock, unlock, delete, reset the password) and their role assignments:
 * `/access/v1/...` (SystemAdministrator; the service decides).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { accessViews, ROLES, type AccessService } from '../../access/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json, noContent } from '../contract/route.js';
import { ACCESS_ERRORS } from '../../access/errors.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';

export const userBody = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024).optional().describe('Absent: a one-time password is generated'),
});
export const roleBody = z.object({
  role: z.string().min(1).max(100),
  scopeId: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('The global account, subaccount or tenant; absent for system roles'),
});
const userParams = z.object({ username: z.string().min(1).max(64) });
const resetBody = z.object({
  revokeTokens: z
    .boolean()
    .optional()
    .describe("Also revoke the user's API tokens (a reset after a compromise); by default they keep working"),
});
const userErrors = { 403: [SHARED_ERRORS.forbidden], 404: [ACCESS_ERRORS.assigned_user_not_found] };
const roleErrors = {
  400: [ACCESS_ERRORS.unknown_role, ACCESS_ERRORS.missing_scope],
  403: [SHARED_ERRORS.forbidden],
  404: [ACCESS_ERRORS.assigned_user_not_found],
  409: [ACCESS_ERRORS.last_administrator],
};

export function registerUserRoutes(app: FastifyInstance, deps: { access: AccessService }): void {
  const { access } = deps;
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/access/v1/roles',
      summary: 'The role catalogue',
      tag: 'access',
      auth: 'none',
      responses: { 200: json('Every role', accessViews.roleCatalogueSchema) },
      errors: {},
      handler: () => ({
        roles: Object.entries(ROLES).map(([name, r]) => ({ name, label: r.label, scopeType: r.scope })),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/access/v1/users',
      summary: 'Users (calm-keys Administrator)',
      tag: 'access',
      auth: 'person',
      responses: { 200: json('Users and their roles', accessViews.userListSchema) },
      errors: { 403: [SHARED_ERRORS.forbidden] },
      handler: async ({ actor }) => ({ users: await access.listUsers(actor) }),
    }),
    defineRoute({
      method: 'POST',
      path: '/access/v1/users',
      summary: 'Create a user (calm-keys Administrator)',
      tag: 'access',
      auth: 'person',
      body: userBody,
      responses: { 201: json('The user; a generated one-time password is shown once', accessViews.createdUserSchema) },
      errors: {
        400: [ACCESS_ERRORS.bad_username, ACCESS_ERRORS.weak_password],
        403: [SHARED_ERRORS.forbidden],
        409: [ACCESS_ERRORS.user_exists],
      },
      handler: async ({ actor, body, reply }) => {
        const created = await access.createUser(actor, body);
        void reply.header('Cache-Control', 'no-store');
        return created;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/access/v1/users/{username}/lock',
      summary: 'Lock a user: no sign-in, their sessions end and their API tokens are refused at once',
      tag: 'access',
      auth: 'person',
      params: userParams,
      responses: { 204: noContent('Locked (or locked already)') },
      errors: { ...userErrors, 409: [ACCESS_ERRORS.self_lockout, ACCESS_ERRORS.last_administrator] },
      handler: async ({ actor, params }) => void (await access.lockUser(actor, params.username)),
    }),
    defineRoute({
      method: 'POST',
      path: '/access/v1/users/{username}/unlock',
      summary: 'Unlock a user: sign-in and their API tokens work again',
      tag: 'access',
      auth: 'person',
      params: userParams,
      responses: { 204: noContent('Unlocked (or not locked)') },
      errors: userErrors,
      handler: async ({ actor, params }) => void (await access.unlockUser(actor, params.username)),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/access/v1/users/{username}',
      summary: 'Delete a user with their role assignments, sessions and API tokens',
      tag: 'access',
      auth: 'person',
      params: userParams,
      responses: { 204: noContent('Deleted') },
      errors: { ...userErrors, 409: [ACCESS_ERRORS.self_lockout, ACCESS_ERRORS.last_administrator] },
      handler: async ({ actor, params }) => void (await access.deleteUser(actor, params.username)),
    }),
    defineRoute({
      method: 'POST',
      path: '/access/v1/users/{username}/password-reset',
      summary: 'Reset a password to a one-time password (shown once); the user sets their own at the next sign-in',
      tag: 'access',
      auth: 'person',
      params: userParams,
      body: resetBody,
      responses: { 200: json('The one-time password, shown once', accessViews.passwordResetSchema) },
      errors: { ...userErrors, 409: [ACCESS_ERRORS.self_lockout] },
      handler: async ({ actor, params, body, reply }) => {
        const reset = await access.resetUserPassword(actor, params.username, body);
        void reply.header('Cache-Control', 'no-store');
        return reset;
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/access/v1/users/{username}/roles',
      summary: 'Assign a role',
      tag: 'access',
      auth: 'person',
      params: userParams,
      body: roleBody,
      responses: { 204: noContent('Assigned') },
      errors: roleErrors,
      handler: async ({ actor, params, body }) =>
        void (await access.assignRole(actor, { username: params.username, ...body })),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/access/v1/users/{username}/roles',
      summary: 'Revoke a role',
      tag: 'access',
      auth: 'person',
      params: userParams,
      body: roleBody,
      responses: { 204: noContent('Revoked') },
      errors: roleErrors,
      handler: async ({ actor, params, body }) =>
        void (await access.revokeRole(actor, { username: params.username, ...body })),
    }),
  ]);
}
