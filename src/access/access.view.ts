/** The answers of `/auth/v1` and `/access/v1`, as zod schemas (OpenAPI components, the server tests' response check). */
import { z } from 'zod';
import { ALL_ROLES } from './roles.js';

export const roleAssignmentSchema = z
  .strictObject({
    role: z.enum(ALL_ROLES as unknown as [string, ...string[]]),
    scopeType: z.enum(['system', 'global_account', 'subaccount', 'tenant']),
    scopeId: z.string(),
  })
  .meta({ id: 'RoleAssignment' });

export const loginAnswerSchema = z
  .strictObject({
    username: z.string(),
    expiresAt: z.string(),
    mustChangePassword: z.boolean(),
    roles: z.array(roleAssignmentSchema),
  })
  .meta({ id: 'LoginAnswer' });

const whoFields = {
  userId: z.string(),
  username: z.string(),
  via: z.enum(['session', 'api_token']),
  mustChangePassword: z.boolean(),
  roles: z.array(roleAssignmentSchema),
};
export const meSchema = z.strictObject(whoFields).meta({ id: 'Me' });
export const sessionSchema = z
  .discriminatedUnion('authenticated', [
    z.strictObject({ authenticated: z.literal(false) }),
    z.strictObject({
      authenticated: z.literal(true),
      ...whoFields,
      // what the web UI offers beyond a tenant's pages, decided by the policy, so that it never matches role names
      actions: z
        .strictObject({
          auditLog: z.boolean().describe('Read the audit log (system.audit.view)'),
          manageUsers: z.boolean().describe('Administer users and role assignments (system.user.manage)'),
        })
        .describe('What the signed-in user may do: a UI offers only these'),
    }),
  ])
  .meta({ id: 'Session' });

export const createdApiTokenSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    token: z.string().describe('Shown once'),
    prefix: z.string(),
    expiresAt: z.string(),
    note: z.string(),
  })
  .meta({ id: 'CreatedApiToken' });
export const apiTokenSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });
export const apiTokenListSchema = z.strictObject({ tokens: z.array(apiTokenSchema) }).meta({ id: 'ApiTokenList' });

export const roleCatalogueSchema = z
  .strictObject({
    roles: z.array(
      z.strictObject({
        name: z.string(),
        label: z.string(),
        scopeType: z.enum(['system', 'global_account', 'subaccount', 'tenant']),
      }),
    ),
  })
  .meta({ id: 'RoleCatalogue' });
export const userSchema = z
  .strictObject({
    id: z.string(),
    username: z.string(),
    createdAt: z.string(),
    disabled: z.boolean(),
    mustChangePassword: z.boolean(),
    roles: z.array(roleAssignmentSchema),
  })
  .meta({ id: 'User' });
export const userListSchema = z.strictObject({ users: z.array(userSchema) }).meta({ id: 'UserList' });
export const createdUserSchema = z
  .strictObject({
    id: z.string(),
    username: z.string(),
    oneTimePassword: z
      .string()
      .optional()
      .describe('When no password was given: shown once, to be changed at the first sign-in'),
  })
  .meta({ id: 'CreatedUser' });
export const passwordResetSchema = z
  .strictObject({
    oneTimePassword: z.string().describe('Shown once, to be changed at the next sign-in'),
    liveTokens: z.number().int().describe('API tokens of the user that still work'),
    tokensRevoked: z.number().int(),
  })
  .meta({ id: 'PasswordReset' });
