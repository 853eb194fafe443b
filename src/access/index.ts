export {
  createAccessService,
  API_TOKEN_PREFIX,
  API_TOKEN_DEFAULT_DAYS,
  API_TOKEN_MAX_DAYS,
  type AccessService,
  type AccessDeps,
  type CreatedApiToken,
} from './access.service.js';
export { decide, type Decision } from './authorize.js';
export { createGuard, type Guard, type GuardDeps, type GuardOptions } from './guard.js';
export { POLICY, ALL_ACTIONS, type Action } from './policy.js';
export { ROLES, ALL_ROLES, isRole, SYSTEM_SCOPE_ID, type Role, type ScopeType } from './roles.js';
export { toAuditActor, type Actor, type Resource, type RoleAssignment } from './actor.js';
export * as accessViews from './access.view.js';
export { ACCESS_ERRORS, type AccessErrorCode } from './errors.js';
