/**
 * Staged rotation of a tenant's service key (issue 17), after AWS Secrets Manager's create → test → finish and
 * Keycloak's grace period for a rotated secret: a new binding on the same SAP Cloud ALM API instance in BTP
 * (through the `rotationBindings` port), its Test (the Test Service Key's key tester), the new key as *pending*
 * next to the current one, promotion when the Test is green (the old key kept as *previous*), and after the
 * grace period the deletion of the old binding in BTP (rotation-worker.ts), which revokes it. A key this BTP
 * did not issue (a real SAP key) is rotated by hand: the rotation says what to do and takes the next upload as
 * the pending key. Every step is stored with its time, audited and recorded as a `key.rotation_step` event in
 * its transaction; each step is a conditional update (rotation-state.ts), so of two processes one makes it.
 * No transaction is open during a call to BTP or a Test.
 */
import { decide, toAuditActor, type Actor } from '../access/index.js';
import { newId } from '../crypto/index.js';
import { validateServiceKey, type JsonObject } from '../service-key/index.js';
import { conflict, DomainError, invalidInput } from '../shared/index.js';
import { isUniqueViolation, withTx, type Executor } from '../store/index.js';
import { LANDSCAPE_ERRORS } from './errors.js';
import { DEFAULT_TEST_LEASE_MS } from './key-test.service.js';
import type { LandscapeDeps, LandscapeTenant, RotationBindingRef } from './landscape.deps.js';
import {
  DEFAULT_GRACE_SECONDS,
  isCancellable,
  isFinished,
  MAX_GRACE_SECONDS,
  nextState,
  fromStates,
  type RotationEvent,
  type RotationState,
} from './rotation-state.js';
import * as rotationRepo from './rotation.repo.js';
import {
  MANUAL_INSTRUCTIONS,
  pendingOf,
  rotationStepsOf,
  rotationView,
  slotRotationSummary,
  type PendingKeyFacts,
  type RotationStep,
  type RotationView,
  type SlotRotationSummary,
} from './rotation.view.js';
import { authorizedTenant, tenantResource } from './slot.access.js';
import { requireKey } from './slot-reads.js';
import * as slotRepo from './slot.repo.js';
import type { LastTest } from './slot.view.js';
import { passedTestReason } from './status.js';
import { bindingIdOfSecret, clientSecretOf, openKey, sealKey } from './stored-key.js';

type RotationRow = rotationRepo.RotationRow;
type Who = { readonly kind: 'user'; readonly actor: Actor } | { readonly kind: 'system' };
type StepInput = Omit<RotationStep, 'at'>;

export interface RotationAnswer {
  readonly tenantId: string;
  readonly rotation: RotationView | null;
  readonly actions: { readonly rotate: boolean; readonly cancel: boolean; readonly promote: boolean };
}

/** The new key as it will enter the slot: its bytes (sealed under the id it will have) and what is shown of it. */
interface PendingKey {
  readonly keyId: string;
  readonly sealed: string;
  readonly facts: PendingKeyFacts;
  readonly document: JsonObject;
}

const ROTATE = 'lm.service_key.rotate' as const;
const SYSTEM = { type: 'system' as const, name: 'calm-keys key rotation' };
/** How long the worker's claim on a deletion lasts, and the wait before a failed deletion is tried again. */
const RETIRE_CLAIM_MS = 60_000;
const RETRY_AFTER_MS = 60_000;

/** A message safe to store and show: our own errors' messages name no secret; anything else only by its kind. */
const messageOf = (error: unknown): string =>
  error instanceof DomainError ? `${error.message} (${error.code})` : 'an unexpected error (see the server log)';

/** BTP binding names: at most 32 of [A-Za-z0-9._-] (the cockpit's rule). */
const newBindingName = (at: string, id: string) =>
  `rot-${at.slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}-${id.slice(0, 4)}`;

export function createRotationService(deps: LandscapeDeps) {
  const { db, audit, clock, secrets } = deps;
  const nowIso = () => clock.now().toISOString();
  const later = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  const stepLeaseMs = (deps.testKey.maxDurationMs ?? DEFAULT_TEST_LEASE_MS) + 60_000;

  /** The administrator who started the rotation, as BTP's audit names the worker's deletion (BTP authorizes nothing more). */
  const starterOf = (row: RotationRow): Actor => ({
    userId: row.started_by_id,
    username: row.started_by_name,
    assignments: [],
    via: { kind: 'session' },
  });

  async function record(tx: Executor, row: RotationRow, state: RotationState, step: RotationStep, who: Who) {
    const outcome = step.outcome;
    await audit.record(tx, {
      action: 'lm.service_key.rotation_step',
      outcome: outcome === 'ok' ? 'success' : 'failure',
      actor: who.kind === 'user' ? toAuditActor(who.actor) : SYSTEM,
      tenantId: row.tenant_id,
      targetId: row.old_key_id,
      details: {
        rotationId: row.id,
        step: step.step,
        outcome,
        state,
        mode: row.mode === 'btp' ? 'btp' : 'manual',
        detail: step.detail,
      },
    });
    await deps.events?.record(tx, 'key.rotation_step', {
      tenantId: row.tenant_id,
      at: step.at,
      rotationId: row.id,
      step: step.step,
      outcome,
      detail: step.detail,
    });
  }

  /**
   * One step: the transition `event` (null: the state stays), the steps it adds, the values it sets, in one
   * transaction with their audit records and events. False when another process or request moved the rotation
   * first (nothing is written then).
   */
  async function apply(
    tenantId: string,
    id: string,
    event: RotationEvent | null,
    steps: readonly StepInput[],
    who: Who,
    values: Partial<RotationRow> = {},
    options: { leaseBefore?: string; onlyIn?: readonly RotationState[] } = {},
  ): Promise<boolean> {
    return withTx(db, async (tx) => {
      const row = await rotationRepo.findRotation(tx, tenantId, id);
      if (!row) return false;
      const from = row.state as RotationState;
      const to = event ? nextState(from, event) : from;
      if (!to || (options.onlyIn && !options.onlyIn.includes(from))) return false;
      const at = nowIso();
      const added = steps.map((s) => ({ ...s, at }));
      const finished = isFinished(to) && !isFinished(from);
      const moved = await rotationRepo.advanceRotation(
        tx,
        tenantId,
        id,
        event ? fromStates(event).filter((s) => s === from) : [from],
        {
          ...values,
          state: to,
          steps: JSON.stringify([...rotationStepsOf(row), ...added]),
          updated_at: at,
          ...(finished ? { active_tenant_id: null, finished_at: at, lease_until: null } : {}),
        },
        options.leaseBefore === undefined ? {} : { leaseBefore: options.leaseBefore },
      );
      if (!moved) return false;
      for (const step of added) await record(tx, row, to, step, who);
      return true;
    });
  }

  const find = (tenantId: string, id: string) => rotationRepo.findRotation(db, tenantId, id);

  /** The new binding of a rotation that will not be promoted is deleted again: a live credential nobody holds. */
  async function dropNewBinding(row: RotationRow, who: Who): Promise<void> {
    if (row.mode !== 'btp' || !row.new_binding_id || !deps.rotationBindings) return;
    let step: StepInput;
    try {
      const removed = await deps.rotationBindings.remove(who.kind === 'user' ? who.actor : starterOf(row), {
        subaccountId: row.subaccount_id,
        bindingId: row.new_binding_id,
      });
      step = {
        step: 'new_binding_deleted',
        outcome: 'ok',
        detail: removed
          ? `the new binding ${row.new_binding_id} was deleted in BTP`
          : `the new binding ${row.new_binding_id} was gone in BTP already`,
      };
    } catch (error) {
      step = {
        step: 'new_binding_deleted',
        outcome: 'failed',
        detail: `the new binding ${row.new_binding_id} could not be deleted in BTP: ${messageOf(error)}. Delete it in the BTP cockpit.`,
      };
    }
    await apply(row.tenant_id, row.id, null, [step], who);
  }

  async function fail(row: RotationRow, steps: readonly StepInput[], failure: string, who: Who, options = {}) {
    const failed = await apply(
      row.tenant_id,
      row.id,
      'failed',
      [...steps, { step: 'failed', outcome: 'failed', detail: `${failure} The current key is untouched.` }],
      who,
      { failure, pending_key_sealed: null },
      options,
    );
    if (failed) await dropNewBinding((await find(row.tenant_id, row.id)) ?? row, who);
    return failed;
  }

  /** Format-checks a new key for the tenant and seals it under the id it will have in the slot. */
  function pendingKey(
    tenant: LandscapeTenant,
    bytes: Buffer,
    by: { id: string; name: string },
    fileName: string | null,
    bindingId: string | null,
  ): PendingKey | { error: string } {
    const report = validateServiceKey(bytes, { tenantIdentityZone: tenant.identityZone, now: clock.now() });
    if (!report.valid || !report.key)
      return {
        error: `the new key fails the format check (${report.errors.map((e) => e.rule ?? 'schema').join(', ')}).`,
      };
    const keyId = newId();
    const document = report.key.document;
    return {
      keyId,
      sealed: sealKey(secrets, tenant.tenantId, keyId, bytes),
      document,
      facts: {
        clientId: report.key.summary.clientId ?? '',
        secretFingerprint: secrets.fingerprint(clientSecretOf(document)),
        bindingId: bindingId ?? bindingIdOfSecret(clientSecretOf(document)),
        summary: report.key.summary,
        warnings: [...report.warnings],
        sizeBytes: bytes.length,
        fileName,
        placedAt: nowIso(),
        placedBy: by.name,
        placedById: by.id,
        test: null,
      },
    };
  }

  /** Tests the pending key; green: pending (and promoted unless held), red: the rotation fails. */
  async function testAndPlace(tenant: LandscapeTenant, id: string, document: unknown, who: Who, by: string) {
    const result = await deps.testKey(document, { expectedZoneId: tenant.zoneId });
    const row = await find(tenant.tenantId, id);
    if (!row) return;
    const test: LastTest = { at: nowIso(), by, result };
    const facts = { ...pendingOf(row)!, test };
    if (!result.ok) {
      const reason = `Test failed at step "${result.failedStep ?? 'unknown'}": ${result.reason ?? 'no reason given'}`;
      await fail(row, [{ step: 'tested', outcome: 'failed', detail: reason }], `The new key's ${reason}.`, who);
      return;
    }
    const placed = await apply(
      tenant.tenantId,
      id,
      'test_passed',
      [
        { step: 'tested', outcome: 'ok', detail: result.summary },
        {
          step: 'pending',
          outcome: 'ok',
          detail: `the new key (client id ${facts.clientId}) waits as the pending key next to the current one`,
        },
      ],
      who,
      { pending: JSON.stringify(facts), lease_until: null },
    );
    if (placed && row.hold === 0) await promote(tenant, id, who);
  }

  /** Pending → current: the slot takes the new key; the old one is kept as previous until the grace period ends. */
  async function promote(tenant: LandscapeTenant, id: string, who: Who): Promise<void> {
    const row = await find(tenant.tenantId, id);
    const facts = row && pendingOf(row);
    if (!row || row.state !== 'pending' || !facts?.test || !row.pending_key_sealed || !row.pending_key_id) return;
    const at = nowIso();
    const dueAt = new Date(clock.now().getTime() + row.grace_seconds * 1000).toISOString();
    const outcome = await withTx(db, async (tx) => {
      const current = await slotRepo.findKey(tx, tenant.tenantId);
      if (!current || current.id !== row.old_key_id) return 'slot_changed' as const;
      const replaced = await rotationRepo.replaceSlotKey(tx, tenant.tenantId, row.old_key_id, {
        id: row.pending_key_id!,
        source: 'uploaded',
        key_sealed: row.pending_key_sealed!,
        file_name: facts.fileName,
        size_bytes: facts.sizeBytes,
        client_id: facts.clientId,
        secret_fingerprint: facts.secretFingerprint,
        binding_id: facts.bindingId,
        summary: JSON.stringify(facts.summary),
        warnings: JSON.stringify(facts.warnings),
        uploaded_by_id: facts.placedById ?? row.started_by_id,
        uploaded_by_name: facts.placedBy,
        uploaded_at: at,
        status: 'active',
        status_reason: passedTestReason(facts.test!.result.warnings),
        status_at: facts.test!.at,
        last_test: JSON.stringify(facts.test),
        deleted_in_btp_at: null,
      });
      if (!replaced) return 'slot_changed' as const;
      const fresh = (await rotationRepo.findRotation(tx, tenant.tenantId, id))!;
      const step: RotationStep = {
        step: 'promoted',
        at,
        outcome: 'ok',
        detail:
          row.mode === 'btp'
            ? `the new key is current; the old binding ${row.old_binding_id} keeps working until ${dueAt}`
            : `the new key is current; the old key is kept as the previous key until ${dueAt}`,
      };
      const moved = await rotationRepo.advanceRotation(tx, tenant.tenantId, id, ['pending'], {
        state: 'grace',
        steps: JSON.stringify([...rotationStepsOf(fresh), step]),
        updated_at: at,
        promoted_at: at,
        delete_due_at: dueAt,
        previous_key_sealed: current.key_sealed,
        pending_key_sealed: null,
      });
      // the slot row changed in this transaction: a rotation moved by someone else must not leave it so
      if (!moved) throw new RotationMovedError();
      await record(tx, row, 'grace', step, who);
      return 'promoted' as const;
    }).catch((error: unknown) => {
      if (error instanceof RotationMovedError) return 'moved' as const;
      throw error;
    });
    if (outcome === 'slot_changed')
      await fail(
        row,
        [],
        'The slot no longer holds the key this rotation started from (it was deleted or replaced meanwhile), so the new key was not promoted.',
        who,
      );
  }

  async function answerOf(actor: Actor, tenant: LandscapeTenant): Promise<RotationAnswer> {
    const active = await rotationRepo.findActiveRotation(db, tenant.tenantId);
    const row = active ?? (await rotationRepo.findLatestRotation(db, tenant.tenantId));
    const may = decide(actor, ROTATE, tenantResource(tenant)) === 'allow';
    const filled = (await slotRepo.findKey(db, tenant.tenantId)) !== undefined;
    const state = active?.state as RotationState | undefined;
    return {
      tenantId: tenant.tenantId,
      rotation: row ? rotationView(row) : null,
      actions: {
        rotate: may && filled && !active,
        cancel: may && state !== undefined && isCancellable(state),
        promote: may && state === 'pending',
      },
    };
  }

  async function requireActive(tenant: LandscapeTenant): Promise<RotationRow> {
    const row = await rotationRepo.findActiveRotation(db, tenant.tenantId);
    if (!row)
      throw new DomainError(
        'not_found',
        LANDSCAPE_ERRORS.rotation_not_found,
        `No rotation of the service key of tenant "${tenant.name}" is running. Start one with calm-keys lm key rotate.`,
      );
    return row;
  }

  /** The BTP side of a started rotation: the new binding, its Test, pending, promotion. */
  async function runBtp(actor: Actor, tenant: LandscapeTenant, row: RotationRow, ref: RotationBindingRef) {
    const who: Who = { kind: 'user', actor };
    let created: { bindingId: string; keyText: string };
    try {
      created = await deps.rotationBindings!.create(actor, {
        subaccountId: tenant.subaccountId,
        instanceId: ref.instanceId,
        name: newBindingName(row.created_at, row.id),
        credentialType: ref.credentialType,
      });
    } catch (error) {
      const detail = `BTP did not create the new binding: ${messageOf(error)}`;
      await fail(row, [{ step: 'binding_created', outcome: 'failed', detail }], `${detail}.`, who);
      return;
    }
    const pending = pendingKey(
      tenant,
      Buffer.from(created.keyText, 'utf8'),
      { id: actor.userId, name: actor.username },
      null,
      created.bindingId,
    );
    const bound = { new_binding_id: created.bindingId };
    if ('error' in pending) {
      await apply(tenant.tenantId, row.id, null, [], who, bound);
      await fail(row, [{ step: 'binding_created', outcome: 'failed', detail: pending.error }], pending.error, who);
      return;
    }
    const moved = await apply(
      tenant.tenantId,
      row.id,
      'binding_created',
      [
        {
          step: 'binding_created',
          outcome: 'ok',
          detail: `binding ${created.bindingId} created on the SAP Cloud ALM API instance ${ref.instanceId} (client id ${pending.facts.clientId})`,
        },
      ],
      who,
      {
        ...bound,
        pending_key_id: pending.keyId,
        pending_key_sealed: pending.sealed,
        pending: JSON.stringify(pending.facts),
        lease_until: later(stepLeaseMs),
      },
    );
    if (!moved) {
      // the worker took the step over (this process was too slow): the binding is nobody's
      await dropNewBinding({ ...row, new_binding_id: created.bindingId }, who);
      return;
    }
    await testAndPlace(tenant, row.id, pending.document, who, actor.username);
  }

  /** The old key's end after the grace period: its binding deleted in BTP (revoked), or the manual note. */
  async function retire(row: RotationRow): Promise<void> {
    const who: Who = { kind: 'system' };
    const claimed = await apply(
      row.tenant_id,
      row.id,
      'retire_claimed',
      [],
      who,
      { lease_until: later(RETIRE_CLAIM_MS) },
      { leaseBefore: nowIso() },
    );
    if (!claimed) return;
    let step: StepInput;
    // the old key back in the slot (uploaded again or restored after the new one was deleted): never revoke it
    const inSlot = row.mode === 'btp' && row.old_binding_id ? await slotRepo.findKey(db, row.tenant_id) : undefined;
    if (inSlot && inSlot.binding_id === row.old_binding_id) {
      step = {
        step: 'old_binding_deleted',
        outcome: 'failed',
        detail: `the grace period ended, but the slot holds the old key again: its binding ${row.old_binding_id} was not deleted in BTP. Delete it there yourself once no one uses it.`,
      };
    } else if (row.mode === 'btp' && row.old_binding_id) {
      try {
        if (!deps.rotationBindings) throw new Error('no BTP port');
        const removed = await deps.rotationBindings.remove(starterOf(row), {
          subaccountId: row.subaccount_id,
          bindingId: row.old_binding_id,
        });
        step = {
          step: 'old_binding_deleted',
          outcome: 'ok',
          detail: removed
            ? `the grace period ended: the old binding ${row.old_binding_id} was deleted in BTP, its credential is revoked`
            : `the grace period ended: the old binding ${row.old_binding_id} was gone in BTP already`,
        };
      } catch (error) {
        await apply(
          row.tenant_id,
          row.id,
          'retire_released',
          [
            {
              step: 'old_binding_deleted',
              outcome: 'failed',
              detail: `deleting the old binding ${row.old_binding_id} in BTP failed (${messageOf(error)}); tried again in ${RETRY_AFTER_MS / 1000} s`,
            },
          ],
          who,
          { lease_until: null, delete_due_at: later(RETRY_AFTER_MS) },
        );
        return;
      }
    } else {
      step = {
        step: 'old_key_retired',
        outcome: 'ok',
        detail:
          'the grace period ended; no BTP deletion possible: the old key did not come from this BTP. Delete its service key in the SAP BTP cockpit yourself.',
      };
    }
    await apply(row.tenant_id, row.id, 'retired', [step], who, { previous_key_sealed: null });
  }

  return {
    async view(actor: Actor, tenantId: string): Promise<RotationAnswer> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.view');
      return answerOf(actor, tenant);
    },

    async rotate(actor: Actor, tenantId: string, input: { graceSeconds?: number; hold?: boolean } = {}) {
      const tenant = await authorizedTenant(deps, actor, tenantId, ROTATE);
      const grace = input.graceSeconds ?? DEFAULT_GRACE_SECONDS;
      if (!Number.isInteger(grace) || grace < 0 || grace > MAX_GRACE_SECONDS)
        throw invalidInput(
          LANDSCAPE_ERRORS.rotation_bad_grace,
          `The grace period must be between 0 s and 30 days (${MAX_GRACE_SECONDS} s).`,
          [{ path: 'graceSeconds', message: `0 to ${MAX_GRACE_SECONDS}` }],
        );
      const key = await requireKey(deps, tenant);
      const ref =
        key.binding_id && deps.rotationBindings
          ? await deps.rotationBindings.find(
              tenant.subaccountId,
              key.binding_id,
              key.client_id,
              // a key with a client secret must hold the binding's; an x509 key's binding id came from BTP itself
              key.secret_fingerprint === secrets.fingerprint('') ? undefined : key.secret_fingerprint,
            )
          : undefined;
      const at = nowIso();
      const id = newId();
      const first: RotationStep = {
        step: 'started',
        at,
        outcome: 'ok',
        detail: ref
          ? `rotation of the key with client id ${key.client_id} (binding ${ref.bindingId}); grace period ${grace} s`
          : `rotation of the key with client id ${key.client_id}, which did not come from this BTP: waiting for the new key's upload; grace period ${grace} s`,
      };
      const row: RotationRow = {
        id,
        tenant_id: tenant.tenantId,
        active_tenant_id: tenant.tenantId,
        mode: ref ? 'btp' : 'manual',
        state: ref ? 'creating' : 'waiting_upload',
        hold: input.hold ? 1 : 0,
        grace_seconds: grace,
        subaccount_id: tenant.subaccountId,
        old_key_id: key.id,
        old_client_id: key.client_id,
        old_binding_id: ref?.bindingId ?? key.binding_id,
        instance_id: ref?.instanceId ?? null,
        new_binding_id: null,
        pending_key_id: null,
        pending_key_sealed: null,
        pending: null,
        previous_key_sealed: null,
        started_by_id: actor.userId,
        started_by_name: actor.username,
        created_at: at,
        updated_at: at,
        promoted_at: null,
        delete_due_at: null,
        finished_at: null,
        lease_until: ref ? later(stepLeaseMs) : null,
        steps: JSON.stringify(
          ref ? [first] : [first, { step: 'waiting_upload', at, outcome: 'ok', detail: MANUAL_INSTRUCTIONS }],
        ),
        failure: null,
      };
      try {
        await withTx(db, async (tx) => {
          await rotationRepo.insertRotation(tx, row);
          for (const step of rotationStepsOf(row))
            await record(tx, row, row.state as RotationState, step, { kind: 'user', actor });
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const running = await rotationRepo.findActiveRotation(db, tenant.tenantId);
        throw conflict(
          LANDSCAPE_ERRORS.rotation_in_progress,
          `A rotation of the service key of tenant "${tenant.name}" is running already${running ? ` (started by ${running.started_by_name} at ${running.created_at}, now ${running.state})` : ''}. Finish or cancel it first.`,
        );
      }
      if (ref) await runBtp(actor, tenant, row, ref);
      return answerOf(actor, tenant);
    },

    async cancel(actor: Actor, tenantId: string): Promise<RotationAnswer> {
      const tenant = await authorizedTenant(deps, actor, tenantId, ROTATE);
      const row = await requireActive(tenant);
      const state = row.state as RotationState;
      if (!isCancellable(state))
        throw conflict(
          LANDSCAPE_ERRORS.rotation_wrong_state,
          state === 'grace' || state === 'retiring'
            ? 'The new key was promoted already: it is the current key, and a rotation cannot be cancelled after promotion. Rotate again if you need another key.'
            : `The rotation is ${state === 'creating' ? 'creating the new binding' : 'testing the new key'} just now; cancel it when that step is done.`,
        );
      const who: Who = { kind: 'user', actor };
      const cancelled = await apply(
        tenant.tenantId,
        row.id,
        'cancelled',
        [{ step: 'cancelled', outcome: 'ok', detail: `cancelled by ${actor.username}; the current key is untouched` }],
        who,
        { pending_key_sealed: null, pending: null },
      );
      if (!cancelled)
        throw conflict(
          LANDSCAPE_ERRORS.rotation_wrong_state,
          'The rotation moved on meanwhile. Reload and look again.',
        );
      const after = await find(tenant.tenantId, row.id);
      if (after) await dropNewBinding(after, who);
      return answerOf(actor, tenant);
    },

    /** A held rotation's pending key: tested again (time passed since its Test), promoted when green. */
    async promote(actor: Actor, tenantId: string): Promise<RotationAnswer> {
      const tenant = await authorizedTenant(deps, actor, tenantId, ROTATE);
      const row = await requireActive(tenant);
      if (row.state !== 'pending' || !row.pending_key_sealed || !row.pending_key_id)
        throw conflict(
          LANDSCAPE_ERRORS.rotation_wrong_state,
          `Only a pending key that passed its Test can be promoted; this rotation is ${row.state}.`,
        );
      const who: Who = { kind: 'user', actor };
      const { document } = openKey(secrets, {
        tenant_id: row.tenant_id,
        id: row.pending_key_id,
        key_sealed: row.pending_key_sealed,
      });
      const result = await deps.testKey(document, { expectedZoneId: tenant.zoneId });
      if (!result.ok) {
        const reason = `Test failed at step "${result.failedStep ?? 'unknown'}": ${result.reason ?? 'no reason given'}`;
        await fail(row, [{ step: 'tested', outcome: 'failed', detail: reason }], `The new key's ${reason}.`, who);
        return answerOf(actor, tenant);
      }
      const facts = { ...pendingOf(row)!, test: { at: nowIso(), by: actor.username, result } };
      await apply(
        tenant.tenantId,
        row.id,
        null,
        [{ step: 'tested', outcome: 'ok', detail: result.summary }],
        who,
        { pending: JSON.stringify(facts) },
        { onlyIn: ['pending'] },
      );
      await promote(tenant, row.id, who);
      return answerOf(actor, tenant);
    },

    /**
     * An upload while a manual rotation waits for it (slot-upload.ts asks first): the key goes to the pending
     * place, is tested and promoted. False when no rotation waits (the upload then goes on as usual).
     */
    async acceptUpload(
      actor: Actor,
      tenant: LandscapeTenant,
      input: { bytes: Buffer; fileName: string | null },
    ): Promise<boolean> {
      const row = await rotationRepo.findActiveRotation(db, tenant.tenantId);
      if (!row || row.state !== 'waiting_upload') return false;
      const who: Who = { kind: 'user', actor };
      const pending = pendingKey(tenant, input.bytes, { id: actor.userId, name: actor.username }, input.fileName, null);
      if ('error' in pending) return false; // the caller's format check refused it already
      const taken = await apply(
        tenant.tenantId,
        row.id,
        'uploaded',
        [
          {
            step: 'uploaded',
            outcome: 'ok',
            detail: `the new key (client id ${pending.facts.clientId}) was uploaded by ${actor.username} to the pending place`,
          },
        ],
        who,
        {
          pending_key_id: pending.keyId,
          pending_key_sealed: pending.sealed,
          pending: JSON.stringify(pending.facts),
          lease_until: later(stepLeaseMs),
        },
      );
      if (!taken) return false;
      await testAndPlace(tenant, row.id, pending.document, who, actor.username);
      return true;
    },

    /** Whether an upload now would go to a waiting rotation (the dry run and the F5 check ask). */
    async waitsForUpload(tenantId: string): Promise<boolean> {
      return (await rotationRepo.findActiveRotation(db, tenantId))?.state === 'waiting_upload';
    },

    /** What the slot's view shows beside the key while a rotation runs. */
    async summaryOf(tenantId: string): Promise<SlotRotationSummary | null> {
      const row = await rotationRepo.findActiveRotation(db, tenantId);
      return row ? slotRotationSummary(row) : null;
    },

    /** The worker's pass: grace periods that ended, steps whose process stopped. Answers how many it handled. */
    async runDue(limit = 20): Promise<number> {
      const due = await rotationRepo.findDueRotations(db, nowIso(), limit);
      for (const { tenant_id, id, state } of due) {
        const row = await find(tenant_id, id);
        if (!row) continue;
        if (state === 'grace' || state === 'retiring') await retire(row);
        else
          await fail(
            row,
            [
              {
                step: 'interrupted',
                outcome: 'failed',
                detail: `the process running the step "${state}" stopped before it ended`,
              },
            ],
            'The rotation was interrupted.',
            { kind: 'system' },
            { leaseBefore: nowIso() },
          );
      }
      return due.length;
    },
  };
}

class RotationMovedError extends Error {}

export type RotationService = ReturnType<typeof createRotationService>;
