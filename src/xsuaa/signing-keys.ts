/**
 * Token signing keys (RS256) with XSUAA's rotation rules: at most two keys are published; a new key is
 * published at once but signs only after an activation delay (so that every cached JWKS has it first);
 * the key it replaces keeps verifying for as long as tokens it signed can live plus the JWKS cache time,
 * and is then retired: no longer published, and tokens it signed no longer verify.
 *
 * States follow from timestamps (signing-key-states.ts), so readers in several processes agree without
 * coordination. Writers do coordinate: a change re-reads and re-checks the rows under a lock inside its
 * transaction (signing-keys.repo.ts), so concurrent rotations in several processes publish one new key,
 * never a third. The RSA key is generated before the transaction (docs/ARCHITECTURE.md rule 6).
 */
import { createPrivateKey, generateKeyPair, type KeyObject, type KeyPairKeyObjectResult } from 'node:crypto';
import { promisify } from 'node:util';
import { createGuard, toAuditActor, type Actor } from '../access/index.js';
import type { AuditActor, AuditWriter } from '../audit/index.js';
import type { SecretBox } from '../crypto/index.js';
import { randomHex } from '../crypto/index.js';
import { conflict, DomainError, type Clock } from '../shared/index.js';
import { withTx, type Db, type Dialect, type SigningKeysTable, type Tx } from '../store/index.js';
import { classifyKeys, type KeyStates, type PublishedKey } from './signing-key-states.js';
import * as repo from './signing-keys.repo.js';
import { XSUAA_ERRORS } from './errors.js';

export type { PublishedKey } from './signing-key-states.js';

const generateRsa = promisify(generateKeyPair);
/**
 * How long this process trusts its copy of the key rows: a rotation or forced retirement made by another process
 * on the same database counts here within this time plus one read of the rows (a change made here, at once).
 * One small read per second at most, shared by every request that needs it, keeps it off the hot path.
 */
export const ROWS_TTL_MS = 1000;
/** How long SAP's @sap/xssec caches `/token_keys`: a replaced key must verify this long after its last token expires. */
export const XSSEC_JWKS_CACHE_MS = 30 * 60_000;

export interface SigningKeyPolicy {
  /** How long a new key is published before it signs (XSUAA: at least 12 h in manual mode). */
  readonly activationDelayMs: number;
  /** How long a replaced key still verifies: token validity plus the clients' JWKS cache time. */
  readonly retainMs: number;
}

export interface ActiveSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

export interface SigningKeysDeps {
  readonly db: Db;
  readonly dialect: Dialect;
  readonly secrets: SecretBox;
  readonly clock: Clock;
  readonly audit: AuditWriter;
  readonly policy: SigningKeyPolicy;
  /** Makes a new RSA key pair (2048 bits by default); tests inject one to line up concurrent changes. */
  readonly generateKeyPair?: () => Promise<KeyPairKeyObjectResult>;
  /** Milliseconds of real time, for the age of the cached rows (ROWS_TTL_MS); `Date.now` unless a test moves it. */
  readonly cacheNow?: () => number;
}

/** What a rotation does to the published keys, or the conflict that refuses it. */
interface RotationPlan {
  /** Keys retired in the same transaction as the new key is published. */
  readonly retire: string[];
  /** The new key signs at once (a forced rotation) instead of after the activation delay. */
  readonly activateNow: boolean;
  /** The key that signs now, as this plan saw it. */
  readonly active: string | undefined;
}

/**
 * A normal rotation publishes a key that signs after the delay, and is refused while two keys are published.
 * A forced rotation is the emergency one (the active key has leaked): the new key signs at once and every
 * published key is retired at once, the active one, a still pending one and a previous one alike, so one key
 * is published afterwards and nothing the leaked key signed verifies any more. `expectedActive` is the
 * active key the caller meant to replace: when another forced rotation replaced it meanwhile (two operators,
 * several processes), this one is refused instead of retiring the key that was just put in.
 */
function planRotation(published: readonly PublishedKey[], force: boolean, expectedActive?: string): RotationPlan {
  const active = published.find((k) => k.state === 'active')?.kid;
  if (force) {
    if (expectedActive !== undefined && active !== expectedActive) {
      throw conflict(
        XSUAA_ERRORS.rotation_concurrent,
        `Key ${expectedActive} was replaced by another forced rotation a moment ago; ${active ?? 'no key'} signs now. List the keys, and force again only if that key is compromised too.`,
      );
    }
    return { retire: published.map((k) => k.kid), activateNow: true, active };
  }
  if (published.length < 2) return { retire: [], activateNow: false, active };
  const pending = published.find((k) => k.state === 'pending');
  if (pending) {
    throw conflict(
      XSUAA_ERRORS.rotation_pending,
      `Key ${pending.kid} is already waiting to activate at ${pending.activatesAt}; rotate again after that. If the active key has leaked, force the rotation: a new key then signs at once and every published key is retired.`,
    );
  }
  const previous = published.find((k) => k.state === 'previous')!;
  throw conflict(
    XSUAA_ERRORS.rotation_too_soon,
    `Key ${previous.kid} still verifies tokens until ${previous.retiresAt}. Rotate after that, or force it if the active key has leaked (a new key then signs at once; tokens signed with ${[previous.kid, active].filter(Boolean).join(' and ')} stop verifying).`,
  );
}

export function createSigningKeys(deps: SigningKeysDeps) {
  const { db, dialect, secrets, clock, audit, policy } = deps;
  const generateKeyPair = deps.generateKeyPair ?? (() => generateRsa('rsa', { modulusLength: 2048 }));
  // The private key of the active key, opened once (a burst of first tokens shares the read and the decryption);
  // only that one is held, so a key retired as leaked, here or by another process, leaves this memory.
  let signer: { kid: string; privateKey: Promise<KeyObject> } | undefined;
  const now = () => clock.now().toISOString();
  const guard = createGuard({ db, audit });

  // Key rows change rarely (rotation is measured in hours): re-read them at most every ROWS_TTL_MS, at
  // once after a change made by this process, and on request (`fresh`: the verifier meets an unknown kid).
  // Requests that find the copy too old share one read (a burst of tokens does not make a burst of reads); a
  // read counts from when it started, and one that started before the copy was dropped (a change here, or
  // `fresh`) is not kept, so a change is never hidden by a read that began before it.
  const cacheNow = deps.cacheNow ?? Date.now;
  let rowCache: { at: number; rows: SigningKeysTable[] } | undefined;
  let generation = 0;
  let reading: { generation: number; rows: Promise<SigningKeysTable[]> } | undefined;
  function readRows(): Promise<SigningKeysTable[]> {
    if (reading?.generation === generation) return reading.rows;
    const started = { at: cacheNow(), generation };
    const read = repo.listSigningKeys(db).then((list) => {
      if (started.generation === generation) rowCache = { at: started.at, rows: list };
      return list;
    });
    reading = { generation, rows: read };
    const done = () => {
      if (reading?.rows === read) reading = undefined;
    };
    read.then(done, done);
    return read;
  }
  function dropRows() {
    generation += 1;
    rowCache = undefined;
  }
  async function rows(fresh: boolean) {
    if (fresh) dropRows();
    if (rowCache && cacheNow() - rowCache.at <= ROWS_TTL_MS) return rowCache.rows;
    return readRows();
  }
  // The states of the cached rows, kept until a key activates or retires (the hot path of every token).
  let view: { rows: SigningKeysTable[]; from: string; states: KeyStates } | undefined;
  async function states(fresh: boolean): Promise<PublishedKey[]> {
    const current = await rows(fresh);
    const at = now();
    if (view?.rows !== current || at < view.from || (view.states.validUntil !== null && at >= view.states.validUntil)) {
      view = { rows: current, from: at, states: classifyKeys(current, at, policy.retainMs) };
    }
    return view.states.keys;
  }

  /** A new key pair, sealed for storage: all the slow work, done before any transaction. */
  async function newKeyRow(activatesAt: string): Promise<SigningKeysTable> {
    const { privateKey, publicKey } = await generateKeyPair();
    const kid = `default-jwt-key-${randomHex(5)}`;
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return {
      kid,
      private_key_sealed: secrets.seal(pem, `signing_key:${kid}`),
      public_jwk: JSON.stringify(jwk),
      created_at: now(),
      activates_at: activatesAt,
      retired_at: null,
    };
  }

  /** Runs `change` on the rows as committed, under the signing-key lock; then drops this process's cache. */
  async function locked<T>(change: (tx: Tx, published: PublishedKey[]) => Promise<T>): Promise<T> {
    try {
      return await withTx(db, async (tx) => {
        await repo.lockSigningKeys(tx, dialect);
        return change(tx, classifyKeys(await repo.listSigningKeys(tx), now(), policy.retainMs).keys);
      });
    } finally {
      dropRows();
    }
  }

  const api = {
    /** Keys currently published in the JWKS (pending, active, previous). `fresh` skips this process's cache. */
    async published(options: { fresh?: boolean } = {}): Promise<PublishedKey[]> {
      return states(options.fresh ?? false);
    },

    /** First start: with no usable key at all, creates one that signs at once (once, however many processes start). */
    async ensureKey(): Promise<void> {
      if ((await states(true)).some((k) => k.state === 'active')) return;
      const row = await newKeyRow(now());
      await locked(async (tx, published) => {
        if (published.some((k) => k.state === 'active')) return; // another process was first
        await repo.insertSigningKey(tx, row);
        await audit.record(tx, {
          action: 'xsuaa.signing_key.created',
          outcome: 'success',
          actor: { type: 'system' },
          targetId: row.kid,
          details: { kid: row.kid, activatesAt: row.activates_at },
        });
      });
    },

    /** The key that signs now. */
    async active(): Promise<ActiveSigningKey> {
      const key = (await states(false)).find((k) => k.state === 'active');
      if (!key)
        throw new DomainError(
          'unavailable',
          XSUAA_ERRORS.no_signing_key,
          'No signing key is active. Restart the server or rotate the signing key.',
        );
      if (signer?.kid !== key.kid) {
        const { kid } = key;
        const opening = repo
          .sealedPrivateKey(db, kid)
          .then((sealed) => createPrivateKey(secrets.openText(sealed, `signing_key:${kid}`)));
        signer = { kid, privateKey: opening };
        opening.catch(() => {
          if (signer?.privateKey === opening) signer = undefined; // the next token tries again
        });
      }
      return { kid: key.kid, privateKey: await signer.privateKey };
    },

    /**
     * Publishes a new key that signs after the activation delay. Refused while two keys are published,
     * unless `force`: the emergency rotation, in which the new key signs at once and every published key
     * is retired at once (their tokens stop verifying), also while a rotated-in key is still pending.
     * Audited with `actor`.
     */
    async rotate(
      actor: AuditActor,
      options: { force?: boolean } = {},
    ): Promise<{ kid: string; activatesAt: string; retired: string[] }> {
      const force = options.force ?? false;
      const seen = planRotation(await states(true), force); // refuse early, before generating a key for nothing
      const activatesAt = force ? now() : new Date(clock.now().getTime() + policy.activationDelayMs).toISOString();
      const row = await newKeyRow(activatesAt);
      const result = await locked(async (tx, published) => {
        const { retire } = planRotation(published, force, seen.active); // the decision that counts: on the committed rows
        for (const kid of retire) await repo.retireSigningKey(tx, kid, now());
        await repo.insertSigningKey(tx, row);
        await audit.record(tx, {
          action: 'xsuaa.signing_key.rotated',
          outcome: 'success',
          actor,
          targetId: row.kid,
          // retiredKid: the key that signed until now, retired by a forced rotation; retiredKids: every key retired
          details: {
            kid: row.kid,
            activatesAt,
            forced: force,
            retiredKid: force ? (seen.active ?? null) : null,
            retiredKids: retire,
          },
        });
        return { kid: row.kid, activatesAt, retired: retire };
      });
      if (signer && result.retired.includes(signer.kid)) signer = undefined; // a leaked key does not stay in memory
      return result;
    },

    /** The published keys as a calm-keys administrator sees them (`GET /xsuaa/v1/signing-keys`); a refusal is recorded. */
    async listAs(actor: Actor): Promise<PublishedKey[]> {
      await guard(actor, 'system.signing_key.manage', { kind: 'system' });
      return states(false);
    },

    /** `rotate` by a person (`POST /xsuaa/v1/signing-keys/rotate`): calm-keys administrators only; a refusal is recorded. */
    async rotateAs(
      actor: Actor,
      options: { force?: boolean } = {},
    ): Promise<{ kid: string; activatesAt: string; retired: string[] }> {
      await guard(actor, 'system.signing_key.manage', { kind: 'system' });
      return api.rotate(toAuditActor(actor), options);
    },
  };
  return api;
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
