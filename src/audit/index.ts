export {
  AUDIT_ACTIONS,
  AUDIT_TARGETS,
  type AuditAction,
  type AuditDetailsByAction,
  type AuditOutcome,
} from './catalog.js';
export { createAuditWriter, type AuditWriter, type AuditActor, type AuditEventInput } from './writer.js';
export { listAuditEvents, listAuditTenants, type AuditQuery, type AuditEvent } from './query.js';
export { auditEventListSchema, auditEventSchema, auditTenantListSchema } from './audit.view.js';
export { runInRequestScope, currentRequestId } from './request-scope.js';
export { AUDIT_ERRORS, type AuditErrorCode } from './errors.js';
