/**
 * Writes audit events through the executor it is given: pass the transaction of the change so that the
 * change and its audit record commit together (docs/ARCHITECTURE.md §7). `request_id` is the HTTP request being
 * served, read from its scope (request-scope.ts says why it is not a parameter), so that an error's `requestId`
 * finds the records its request wrote.
 */
import { newId } from '../crypto/index.js';
import type { Executor } from '../store/index.js';
import { DomainError, type Clock } from '../shared/index.js';
import { currentRequestId } from './request-scope.js';
import { AUDIT_TARGETS, type AuditAction, type AuditDetailsByAction, type AuditOutcome } from './catalog.js';
import { AUDIT_ERRORS } from './errors.js';

/** Who did it. `user` covers sessions and API tokens (the token id is in `via`). */
export interface AuditActor {
  readonly type: 'user' | 'system' | 'anonymous' | 'client';
  readonly id?: string | null;
  readonly name?: string | null;
}

export interface AuditEventInput<A extends AuditAction> {
  readonly action: A;
  readonly outcome: AuditOutcome;
  readonly actor: AuditActor;
  readonly tenantId?: string | null;
  readonly targetId?: string | null;
  readonly details: AuditDetailsByAction[A];
}

/** Field names that may only ever hold booleans or counts in an audit record, never text. */
const SECRET_FIELD = /secret|password|passwd|token|private|credential|^key$|jwt|assertion/i;
/** ...unless the name says it is only a harmless handle on the secret. */
const HARMLESS_SUFFIX = /(prefix|id|ids|fingerprint|type|name|count|at)$/i;

function assertNoSecretText(value: unknown, path: string): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value)) {
    const here = `${path}.${key}`;
    if (SECRET_FIELD.test(key) && !HARMLESS_SUFFIX.test(key) && typeof inner === 'string') {
      throw new DomainError(
        'invalid_input',
        AUDIT_ERRORS.secret_field,
        `Audit details must not carry text in ${here}: it may be a secret.`,
      );
    }
    assertNoSecretText(inner, here);
  }
}

export interface AuditWriter {
  record<A extends AuditAction>(executor: Executor, event: AuditEventInput<A>): Promise<void>;
}

export function createAuditWriter(clock: Clock): AuditWriter {
  return {
    async record(executor, event) {
      assertNoSecretText(event.details, 'details');
      await executor
        .insertInto('audit_events')
        .values({
          id: newId(),
          at: clock.now().toISOString(),
          action: event.action,
          outcome: event.outcome,
          actor_type: event.actor.type,
          actor_id: event.actor.id ?? null,
          actor_name: event.actor.name ?? null,
          tenant_id: event.tenantId ?? null,
          target_type: AUDIT_TARGETS[event.action],
          target_id: event.targetId ?? null,
          details: JSON.stringify(event.details),
          request_id: currentRequestId() ?? null,
        })
        .execute();
    },
  };
}
