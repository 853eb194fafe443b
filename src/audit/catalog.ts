/**
 * The audit event catalogue: every action calm-keys records, with the shape of its details.
 * Adding an event means adding it here; the writer accepts no other action name.
 * Details never hold a secret: writer.ts refuses secret-looking fields at run time as a second guard.
 */

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditDetailsByAction {
  'access.user.created': { username: string; generatedPassword: boolean };
  'access.user.password_changed': { username: string };
  'access.login.succeeded': { username: string; method: 'password' };
  'access.login.failed': { username: string; reason: 'unknown_user' | 'bad_password' | 'disabled' };
  'access.logout': { username: string };
  'access.api_token.created': { name: string; tokenPrefix: string; expiresAt: string | null };
  'access.api_token.revoked': { name: string; tokenPrefix: string };
  'access.role.assigned': { username: string; role: string; scopeType: string; scopeId: string };
  'access.role.revoked': { username: string; role: string; scopeType: string; scopeId: string };
  'access.denied': { action: string; resourceKind: string };
}

export type AuditAction = keyof AuditDetailsByAction;

/** What each action acts on, for the `target_type` column and the audit log page. */
export const AUDIT_TARGETS: { readonly [A in AuditAction]: string } = {
  'access.user.created': 'user',
  'access.user.password_changed': 'user',
  'access.login.succeeded': 'user',
  'access.login.failed': 'user',
  'access.logout': 'user',
  'access.api_token.created': 'api_token',
  'access.api_token.revoked': 'api_token',
  'access.role.assigned': 'user',
  'access.role.revoked': 'user',
  'access.denied': 'resource',
};

export const AUDIT_ACTIONS = Object.keys(AUDIT_TARGETS) as AuditAction[];
