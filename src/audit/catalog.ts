/**
 * The audit event catalogue: every action calm-keys records, with the shape of its details.
 * Adding an event means adding it here; the writer accepts no other action name.
 * Details never hold a secret: writer.ts refuses secret-looking fields at run time as a second guard.
 */

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditDetailsByAction {
  'access.user.created': { username: string; generatedPassword: boolean };
  'access.user.password_changed': { username: string; sessionsEnded: number };
  'access.user.password_reset': { username: string; tokensRevoked?: number };
  /** `sessionsEnded`: the sessions the lock ended; API tokens are refused while locked (access/README.md). */
  'access.user.locked': { username: string; sessionsEnded: number };
  'access.user.unlocked': { username: string };
  /** What went with the user: counts only. */
  'access.user.deleted': { username: string; roleAssignments: number; apiTokens: number; sessionsEnded: number };
  'access.login.succeeded': { username: string; method: 'password' };
  /** `username` only when it names a user; otherwise `usernameHash` (HMAC): the text typed may be a password. */
  'access.login.failed': {
    username?: string;
    usernameHash?: string;
    reason: 'unknown_user' | 'bad_password' | 'disabled';
  };
  'access.logout': { username: string };
  'access.api_token.created': { name: string; tokenPrefix: string; expiresAt: string | null };
  'access.api_token.revoked': { name: string; tokenPrefix: string };
  'access.role.assigned': { username: string; role: string; scopeType: string; scopeId: string };
  'access.role.revoked': { username: string; role: string; scopeType: string; scopeId: string };
  /** `refusal`: the 403 or the 404 the caller got (access/guard.ts); absent in records written before it was kept. */
  'access.denied': { action: string; resourceKind: string; refusal?: 'forbidden' | 'not_found' };
  'btp.global_account.created': { name: string };
  'btp.subaccount.created': { name: string; subdomain: string; region: string; globalAccountId: string };
  'btp.tenant.provisioned': {
    subaccountId: string;
    provisionedOn: string;
    generatedKey: boolean;
    placedInLandscape: boolean;
    scopeSet: string;
  };
  'btp.service_instance.created': { name: string; subaccountId: string; clientId: string; credentialTypes: string[] };
  'btp.service_instance.deleted': { name: string; subaccountId: string; bindingsDeleted: number };
  'btp.service_binding.created': { name: string; subaccountId: string; instanceId: string; credentialType: string };
  'btp.service_binding.viewed': { name: string; subaccountId: string; format: string };
  'btp.service_binding.deleted': { name: string; subaccountId: string; instanceId: string };
  'xsuaa.signing_key.created': { kid: string; activatesAt: string };
  'xsuaa.signing_key.rotated': {
    kid: string;
    activatesAt: string;
    forced: boolean;
    retiredKid: string | null;
    retiredKids?: string[];
  };
  'lm.service_key.uploaded': {
    name: string;
    source: 'uploaded' | 'provisioned';
    clientId: string;
    sizeBytes: number;
    warningRules: string[];
    deletedInBtp: boolean;
  };
  'lm.service_key.upload_refused': { reason: 'format_check' | 'slot_full'; rules: string[]; sizeBytes: number };
  /** No longer written (the masked view holds no secret and is not audited); kept so that older records keep their shape. */
  'lm.service_key.viewed': { name: string };
  'lm.service_key.revealed': { name: string };
  'lm.service_key.downloaded': { name: string; sizeBytes: number };
  /** `recentlyUsed`: the delete confirmed a key used in the last 24 h (blast-radius.ts); absent in older records. */
  'lm.service_key.deleted': { name: string; clientId: string; recentlyUsed?: boolean };
  'lm.service_key.delete_refused': { name: string; clientId: string; reason: 'recently_used'; lastUseAt: string };
  'lm.service_key.blast_radius_viewed': { name: string; recentlyUsed: boolean };
  'lm.service_key.restored': { name: string; clientId: string; deletedAt: string; deletedBy: string };
  /** `trigger`: a person's Test (`manual`, actor the person) or the schedule's (`scheduled`, actor system "schedule"). */
  'lm.service_key.tested': {
    name: string;
    ok: boolean;
    failedStep: string | null;
    status: string;
    trigger?: 'manual' | 'scheduled';
  };
  'lm.service_key.deleted_in_btp': { name: string; clientId: string; bindingId: string };
  /** The daily sweep (landscape/certificate-expiry.ts, actor system "certificate expiry"): a threshold reached. */
  'lm.service_key.certificate_expiring': { name: string; clientId: string; notAfter: string; daysLeft: number };
  /** One step of a staged rotation (landscape/rotation.service.ts); `detail` never holds a secret. */
  'lm.service_key.rotation_step': {
    rotationId: string;
    step: string;
    outcome: 'ok' | 'failed';
    state: string;
    mode: 'btp' | 'manual';
    detail: string | null;
  };
  /** A webhook subscription: its URL's host only (a path or query may be a receiver's credential), never the secret. */
  'lm.webhook.created': { host: string; events: string[]; enabled: boolean };
  'lm.webhook.changed': { host: string; events: string[]; enabled: boolean; fields: string[] };
  'lm.webhook.deleted': { host: string };
  'lm.webhook.test_sent': { host: string; eventId: string };
  'lm.managed_object.created': { name: string; kind: string; objectType: string };
  'lm.managed_object.registered': {
    name: string;
    externalId: string;
    lmsId: string;
    clientId: string;
    firstTime: boolean;
  };
  'lm.managed_object.monitoring_changed': { name: string; enabled: boolean };
  'lm.status_event.created': { objectId: string; serviceName: string; eventType: string; title: string };
  'lm.status_event.changed': { serviceName: string; title: string; fields: string[] };
  'lm.status_event.closed': { serviceName: string; title: string; eventType: string };
  /** The development clock (serve --dev-clock, src/dev-clock): `offsetMs` after the move, `realNow` the host's time. */
  'system.clock.advanced': { by: string; byMs: number; offsetMs: number; realNow: string };
  'system.clock.reset': { previousOffsetMs: number; realNow: string };
  /** A move asked of a server on real time (started without --dev-clock): nothing changed. */
  'system.clock.refused': { request: 'advance' | 'reset'; reason: 'not_adjustable' };
  /** Fault injection (faults/): what the fault does and where; a client id names a client and is no secret. */
  'faults.added': {
    target: string;
    route: string | null;
    clientId: string | null;
    kind: string;
    status: number | null;
    latencyMs: number | null;
    probability: number;
    expiresAt: string | null;
  };
  'faults.deleted': { target: string; kind: string };
  'faults.cleared': { deleted: number };
}

export type AuditAction = keyof AuditDetailsByAction;

/** What each action acts on, for the `target_type` column and the audit log page. */
export const AUDIT_TARGETS: { readonly [A in AuditAction]: string } = {
  'access.user.created': 'user',
  'access.user.password_changed': 'user',
  'access.user.password_reset': 'user',
  'access.user.locked': 'user',
  'access.user.unlocked': 'user',
  'access.user.deleted': 'user',
  'access.login.succeeded': 'user',
  'access.login.failed': 'user',
  'access.logout': 'user',
  'access.api_token.created': 'api_token',
  'access.api_token.revoked': 'api_token',
  'access.role.assigned': 'user',
  'access.role.revoked': 'user',
  'access.denied': 'resource',
  'btp.global_account.created': 'global_account',
  'btp.subaccount.created': 'subaccount',
  'btp.tenant.provisioned': 'tenant',
  'btp.service_instance.created': 'service_instance',
  'btp.service_instance.deleted': 'service_instance',
  'btp.service_binding.created': 'service_binding',
  'btp.service_binding.viewed': 'service_binding',
  'btp.service_binding.deleted': 'service_binding',
  'xsuaa.signing_key.created': 'signing_key',
  'xsuaa.signing_key.rotated': 'signing_key',
  'lm.service_key.uploaded': 'lm_service_key',
  'lm.service_key.upload_refused': 'lm_service_key',
  'lm.service_key.viewed': 'lm_service_key',
  'lm.service_key.revealed': 'lm_service_key',
  'lm.service_key.downloaded': 'lm_service_key',
  'lm.service_key.deleted': 'lm_service_key',
  'lm.service_key.delete_refused': 'lm_service_key',
  'lm.service_key.blast_radius_viewed': 'lm_service_key',
  'lm.service_key.restored': 'lm_service_key',
  'lm.service_key.tested': 'lm_service_key',
  'lm.service_key.deleted_in_btp': 'lm_service_key',
  'lm.service_key.certificate_expiring': 'lm_service_key',
  'lm.service_key.rotation_step': 'lm_service_key',
  'lm.webhook.created': 'lm_webhook',
  'lm.webhook.changed': 'lm_webhook',
  'lm.webhook.deleted': 'lm_webhook',
  'lm.webhook.test_sent': 'lm_webhook',
  'faults.added': 'fault',
  'faults.deleted': 'fault',
  'faults.cleared': 'fault',
  'lm.managed_object.created': 'lm_managed_object',
  'lm.managed_object.registered': 'lm_managed_object',
  'lm.managed_object.monitoring_changed': 'lm_managed_object',
  'lm.status_event.created': 'lm_status_event',
  'lm.status_event.changed': 'lm_status_event',
  'lm.status_event.closed': 'lm_status_event',
  'system.clock.advanced': 'clock',
  'system.clock.reset': 'clock',
  'system.clock.refused': 'clock',
};

export const AUDIT_ACTIONS = Object.keys(AUDIT_TARGETS) as AuditAction[];
