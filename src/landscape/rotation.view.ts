/**
 * What callers see of a staged rotation: its state, each step with its time, the pending key (masked: its
 * client id, never its secret) and the previous key during the grace period, and what the caller may do. The
 * pending key is a calm-keys extension to SAP's "one key per tenant": the slot's view names it as such.
 */
import { z } from 'zod';
import type { KeyTestResult } from '../key-test/index.js';
import type { RotationRow } from './rotation.repo.js';
import { ROTATION_STATES, type RotationState } from './rotation-state.js';

export interface RotationStep {
  readonly step: string;
  readonly at: string;
  readonly outcome: 'ok' | 'failed';
  readonly detail: string | null;
}

/** What is kept in `pending` (JSON): never the secret. */
export interface PendingKeyFacts {
  readonly clientId: string;
  readonly secretFingerprint: string;
  readonly bindingId: string | null;
  readonly summary: unknown;
  readonly warnings: unknown[];
  readonly sizeBytes: number;
  readonly fileName: string | null;
  readonly placedAt: string;
  readonly placedBy: string;
  /** The user id of who placed it (the slot's `uploaded_by_id` after promotion). */
  readonly placedById?: string;
  /** Its last Test, as the slot keeps `last_test` (slot.view.ts LastTest). */
  readonly test: { readonly at: string; readonly by: string; readonly result: KeyTestResult } | null;
}

export interface RotationView {
  readonly id: string;
  readonly tenantId: string;
  readonly mode: 'btp' | 'manual';
  readonly state: RotationState;
  readonly hold: boolean;
  readonly graceSeconds: number;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly promotedAt: string | null;
  /** When the old binding is deleted (mode btp) or the previous key is forgotten (mode manual). */
  readonly oldKeyRetiresAt: string | null;
  readonly finishedAt: string | null;
  readonly failure: string | null;
  /** What the administrator must do now, in words (the manual rotation's instructions among them). */
  readonly nextAction: string | null;
  readonly oldKey: { readonly clientId: string; readonly bindingId: string | null };
  readonly newBindingId: string | null;
  readonly pending: {
    readonly clientId: string;
    readonly placedAt: string;
    readonly placedBy: string;
    readonly test: { readonly at: string; readonly ok: boolean; readonly summary: string } | null;
  } | null;
  readonly steps: readonly RotationStep[];
}

export const rotationStepsOf = (row: RotationRow): RotationStep[] => JSON.parse(row.steps) as RotationStep[];
export const pendingOf = (row: RotationRow): PendingKeyFacts | null =>
  row.pending ? (JSON.parse(row.pending) as PendingKeyFacts) : null;

export const MANUAL_INSTRUCTIONS =
  'No binding of this subaccount in the BTP of this calm-keys has this key (a real SAP key, or one whose binding is gone), so the rotation cannot create the new key itself. ' +
  'In the SAP BTP cockpit, open the subaccount, then Instances and Subscriptions, the SAP Cloud ALM API instance, and create a new service key (binding). ' +
  'Upload that key here (the + upload, or calm-keys lm key upload): while this rotation waits, the upload goes to the pending place, is tested and promoted. ' +
  'After the grace period, delete the old service key in the BTP cockpit yourself: calm-keys cannot delete it there.';

function nextActionOf(row: RotationRow): string | null {
  switch (row.state as RotationState) {
    case 'waiting_upload':
      return MANUAL_INSTRUCTIONS;
    case 'pending':
      return row.hold
        ? 'The new key passed its Test and waits as the pending key. Promote it (calm-keys lm key rotation promote) or cancel the rotation.'
        : null;
    case 'grace':
      return row.mode === 'btp'
        ? `The new key is current. The old binding keeps working until ${row.delete_due_at}, then it is deleted in BTP (revoked): move every managed service to the new key before then.`
        : `The new key is current. Until ${row.delete_due_at} the old key is kept as the previous key; then delete its service key in the SAP BTP cockpit yourself.`;
    default:
      return null;
  }
}

export function rotationView(row: RotationRow): RotationView {
  const pending = pendingOf(row);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    mode: row.mode === 'btp' ? 'btp' : 'manual',
    state: row.state as RotationState,
    hold: row.hold === 1,
    graceSeconds: row.grace_seconds,
    startedBy: row.started_by_name,
    startedAt: row.created_at,
    promotedAt: row.promoted_at,
    oldKeyRetiresAt: row.delete_due_at,
    finishedAt: row.finished_at,
    failure: row.failure,
    nextAction: nextActionOf(row),
    oldKey: { clientId: row.old_client_id, bindingId: row.old_binding_id },
    newBindingId: row.new_binding_id,
    pending: pending
      ? {
          clientId: pending.clientId,
          placedAt: pending.placedAt,
          placedBy: pending.placedBy,
          test: pending.test
            ? { at: pending.test.at, ok: pending.test.result.ok, summary: pending.test.result.summary }
            : null,
        }
      : null,
    steps: rotationStepsOf(row),
  };
}

/** What the slot's view carries beside the key while a rotation runs (SlotView.rotation). */
export interface SlotRotationSummary {
  readonly id: string;
  readonly state: RotationState;
  readonly note: string;
  readonly pending: { readonly clientId: string; readonly status: 'untested' | 'passed' | 'failed' } | null;
  readonly previous: { readonly clientId: string; readonly until: string | null } | null;
}

export function slotRotationSummary(row: RotationRow): SlotRotationSummary {
  const pending = pendingOf(row);
  const state = row.state as RotationState;
  const promoted = state === 'grace' || state === 'retiring';
  return {
    id: row.id,
    state,
    note: 'calm-keys extension: SAP keeps one key per tenant; during a staged rotation calm-keys also holds a pending (or, after promotion, the previous) key. The download is the current key.',
    pending:
      pending && !promoted
        ? {
            clientId: pending.clientId,
            status: pending.test ? (pending.test.result.ok ? 'passed' : 'failed') : 'untested',
          }
        : null,
    previous: promoted ? { clientId: row.old_client_id, until: row.delete_due_at } : null,
  };
}

// zod schemas of the answers (OpenAPI components, the server tests' response check)

const state = z.enum(ROTATION_STATES);
export const rotationStepSchema = z
  .strictObject({
    step: z.string(),
    at: z.string(),
    outcome: z.enum(['ok', 'failed']),
    detail: z.string().nullable(),
  })
  .meta({ id: 'RotationStep' });

export const rotationViewSchema = z
  .strictObject({
    id: z.string(),
    tenantId: z.string(),
    mode: z
      .enum(['btp', 'manual'])
      .describe('btp: a binding of this calm-keys; manual: a real SAP key, rotated by hand'),
    state,
    hold: z.boolean(),
    graceSeconds: z.number().int(),
    startedBy: z.string(),
    startedAt: z.string(),
    promotedAt: z.string().nullable(),
    oldKeyRetiresAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    failure: z.string().nullable(),
    nextAction: z.string().nullable(),
    oldKey: z.strictObject({ clientId: z.string(), bindingId: z.string().nullable() }),
    newBindingId: z.string().nullable(),
    pending: z
      .strictObject({
        clientId: z.string(),
        placedAt: z.string(),
        placedBy: z.string(),
        test: z.strictObject({ at: z.string(), ok: z.boolean(), summary: z.string() }).nullable(),
      })
      .nullable(),
    steps: z.array(rotationStepSchema),
  })
  .meta({ id: 'KeyRotation' });

export const rotationAnswerSchema = z
  .strictObject({
    tenantId: z.string(),
    rotation: rotationViewSchema.nullable().describe('The running rotation, or else the last one; null if none'),
    actions: z
      .strictObject({ rotate: z.boolean(), cancel: z.boolean(), promote: z.boolean() })
      .describe('What the caller may do now'),
  })
  .meta({ id: 'KeyRotationState' });

export const slotRotationSummarySchema = z
  .strictObject({
    id: z.string(),
    state,
    note: z.string(),
    pending: z.strictObject({ clientId: z.string(), status: z.enum(['untested', 'passed', 'failed']) }).nullable(),
    previous: z.strictObject({ clientId: z.string(), until: z.string().nullable() }).nullable(),
  })
  .meta({ id: 'SlotRotation', description: 'A staged rotation running on the slot (calm-keys extension)' });

export const rotateBodySchema = z
  .strictObject({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .optional()
      .describe('How long the old key keeps working after promotion (default 86400, at most 30 days)'),
    hold: z.boolean().optional().describe('true: stop at the pending key after its green Test; promote explicitly'),
  })
  .meta({ id: 'RotateRequest' });
