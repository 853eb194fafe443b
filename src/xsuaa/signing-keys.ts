/**
 * Token signing keys (RS256) with XSUAA's rotation rules: at most two keys are published; a new key is
 * published at once but signs only after an activation delay (so that every cached JWKS has it first);
 * the key it replaces keeps verifying for as long as tokens it signed can live plus the JWKS cache time,
 * and is then retired: no longer published, and tokens it signed no longer verify.
 *
 * States follow from timestamps (signing-key-states.ts), so readers in several processes agree without
 * coordination. Writers do coordinate: a change re-reads and re-checks the rows under a lock inside its
 * transaction (signing-keys.repo.ts), so concurrent rotations in several processes publish one new key,
 * never a third. The RSA key is generated before the transaction (DESIGN.md section 2, rule 6).
 */
import { createPrivateKey, generateKeyPair, type KeyObject, type KeyPairKeyObjectResult } from 'node:crypto';
import { promisify } from 'node:util';
import type { AuditActor, AuditWriter } from '../audit/index.js';
import type { SecretBox } from '../crypto/index.js';
import { randomHex } from '../crypto/index.js';
import { conflict, DomainError, type Clock } from '../shared/index.js';
import { withTx, type Db, type Dialect, type SigningKeysTable, type Tx } from '../store/index.js';
import { classifyKeys, type KeyStates, type PublishedKey } from './signing-key-states.js';
import * as repo from './signing-keys.repo.js';

export type { PublishedKey } from './signing-key-states.js';

const generateRsa = promisify(generateKeyPair);
/** How long this process trusts its copy of the key rows; a change made here refreshes it at once. */
export const ROWS_TTL_MS = 5000;

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
}

/** What a rotation does to the published keys, or the conflict that refuses it. */
function planRotation(published: readonly PublishedKey[], force: boolean): { retire: string | undefined } {
  if (published.length < 2) return { retire: undefined };
  const pending = published.find((k) => k.state === 'pending');
  if (pending) throw conflict('xsuaa.rotation_pending', `Key ${pending.kid} is already waiting to activate at ${pending.activatesAt}; rotate again after that.`);
  const previous = published.find((k) => k.state === 'previous')!;
  if (!force) {
    throw conflict('xsuaa.rotation_too_soon', `Key ${previous.kid} still verifies tokens until ${previous.retiresAt}. Rotate after that, or force it (tokens signed with ${previous.kid} then stop verifying).`);
  }
  return { retire: previous.kid };
}

export function createSigningKeys(deps: SigningKeysDeps) {
  const { db, dialect, secrets, clock, audit, policy } = deps;
  const generateKeyPair = deps.generateKeyPair ?? (() => generateRsa('rsa', { modulusLength: 2048 }));
  const privateKeys = new Map<string, KeyObject>();
  const now = () => clock.now().toISOString();

  // Key rows change rarely (rotation is measured in hours): re-read them at most every ROWS_TTL_MS, at
  // once after a change made by this process, and on request (`fresh`: the verifier meets an unknown kid).
  let rowCache: { at: number; rows: SigningKeysTable[] } | undefined;
  async function rows(fresh: boolean) {
    if (fresh || !rowCache || Date.now() - rowCache.at > ROWS_TTL_MS) rowCache = { at: Date.now(), rows: await repo.listSigningKeys(db) };
    return rowCache.rows;
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
    return { kid, private_key_sealed: secrets.seal(pem, `signing_key:${kid}`), public_jwk: JSON.stringify(jwk), created_at: now(), activates_at: activatesAt, retired_at: null };
  }

  /** Runs `change` on the rows as committed, under the signing-key lock; then drops this process's cache. */
  async function locked<T>(change: (tx: Tx, published: PublishedKey[]) => Promise<T>): Promise<T> {
    try {
      return await withTx(db, async (tx) => {
        await repo.lockSigningKeys(tx, dialect);
        return change(tx, classifyKeys(await repo.listSigningKeys(tx), now(), policy.retainMs).keys);
      });
    } finally {
      rowCache = undefined;
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
        await audit.record(tx, { action: 'xsuaa.signing_key.created', outcome: 'success', actor: { type: 'system' }, targetId: row.kid, details: { kid: row.kid, activatesAt: row.activates_at } });
      });
    },

    /** The key that signs now. */
    async active(): Promise<ActiveSigningKey> {
      const key = (await states(false)).find((k) => k.state === 'active');
      if (!key) throw new DomainError('unavailable', 'xsuaa.no_signing_key', 'No signing key is active. Restart the server or rotate the signing key.');
      let privateKey = privateKeys.get(key.kid);
      if (!privateKey) {
        privateKey = createPrivateKey(secrets.openText(await repo.sealedPrivateKey(db, key.kid), `signing_key:${key.kid}`));
        privateKeys.set(key.kid, privateKey);
      }
      return { kid: key.kid, privateKey };
    },

    /**
     * Publishes a new key that signs after the activation delay. Refused while two keys are published,
     * unless `force`, which retires the previous key at once (its tokens stop verifying). Audited with `actor`.
     */
    async rotate(actor: AuditActor, options: { force?: boolean } = {}): Promise<{ kid: string; activatesAt: string; retired: string[] }> {
      const force = options.force ?? false;
      planRotation(await states(true), force); // refuse early, before generating a key for nothing
      const activatesAt = new Date(clock.now().getTime() + policy.activationDelayMs).toISOString();
      const row = await newKeyRow(activatesAt);
      return locked(async (tx, published) => {
        const { retire } = planRotation(published, force); // the decision that counts: on the committed rows
        if (retire) await repo.retireSigningKey(tx, retire, now());
        await repo.insertSigningKey(tx, row);
        await audit.record(tx, {
          action: 'xsuaa.signing_key.rotated',
          outcome: 'success',
          actor,
          targetId: row.kid,
          details: { kid: row.kid, activatesAt, forced: force, retiredKid: retire ?? null },
        });
        return { kid: row.kid, activatesAt, retired: retire ? [retire] : [] };
      });
    },
  };
  return api;
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
