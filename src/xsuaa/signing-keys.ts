/**
 * Token signing keys (RS256) with XSUAA's rotation rules: at most two keys are published; a new key is
 * published at once but signs only after an activation delay (so that every cached JWKS has it first);
 * the key it replaces keeps verifying for as long as tokens it signed can live plus the JWKS cache time,
 * and is then retired: no longer published, and tokens it signed no longer verify.
 *
 * The states follow from timestamps, so several processes on one database agree without coordination:
 *   pending  activates_at > now
 *   active   the newest key with activates_at <= now
 *   previous an older key, until (its successor's activates_at + retainMs); retired afterwards
 */
import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { SecretBox } from '../crypto/index.js';
import { randomHex } from '../crypto/index.js';
import { conflict, DomainError, type Clock } from '../shared/index.js';
import type { Db, SigningKeysTable } from '../store/index.js';

const generateRsa = promisify(generateKeyPair);
const ROWS_TTL_MS = 5000;

export interface SigningKeyPolicy {
  /** How long a new key is published before it signs (XSUAA: at least 12 h in manual mode). */
  readonly activationDelayMs: number;
  /** How long a replaced key still verifies: token validity plus the clients' JWKS cache time. */
  readonly retainMs: number;
}

export interface PublishedKey {
  readonly kid: string;
  readonly state: 'pending' | 'active' | 'previous';
  readonly activatesAt: string;
  readonly retiresAt: string | null;
  readonly jwk: Record<string, unknown>;
  readonly pem: string;
}

export interface ActiveSigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
}

const pemByKid = new Map<string, string>();

function publicPem(kid: string, jwk: Record<string, unknown>): string {
  let pem = pemByKid.get(kid);
  if (!pem) {
    pem = createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
    pemByKid.set(kid, pem);
  }
  return pem;
}

function classify(rows: SigningKeysTable[], now: string, retainMs: number): PublishedKey[] {
  const live = rows.filter((r) => r.retired_at === null).sort((a, b) => a.activates_at.localeCompare(b.activates_at));
  const activated = live.filter((r) => r.activates_at <= now);
  const out: PublishedKey[] = [];
  for (const row of live) {
    const successor = activated.find((r) => r.activates_at > row.activates_at);
    const retiresAt = successor ? new Date(Date.parse(successor.activates_at) + retainMs).toISOString() : null;
    if (retiresAt !== null && retiresAt <= now) continue; // retired by time
    const state = row.activates_at > now ? 'pending' : successor ? 'previous' : 'active';
    const jwk = JSON.parse(row.public_jwk) as Record<string, unknown>;
    out.push({ kid: row.kid, state, activatesAt: row.activates_at, retiresAt, jwk, pem: publicPem(row.kid, jwk) });
  }
  return out;
}

export function createSigningKeys(deps: { db: Db; secrets: SecretBox; clock: Clock; policy: SigningKeyPolicy }) {
  const { db, secrets, clock, policy } = deps;
  const privateKeys = new Map<string, KeyObject>();
  const now = () => clock.now().toISOString();

  // Key rows change rarely (rotation is measured in hours): re-read them at most every few seconds,
  // and at once after a change made by this process. Other processes see a change within ROWS_TTL_MS.
  let rowCache: { at: number; rows: SigningKeysTable[] } | undefined;
  async function rows() {
    if (!rowCache || Date.now() - rowCache.at > ROWS_TTL_MS) {
      rowCache = { at: Date.now(), rows: await db.selectFrom('signing_keys').selectAll().execute() };
    }
    return rowCache.rows;
  }
  const changed = () => {
    rowCache = undefined;
    activeCache = undefined;
  };
  let activeCache: { rows: SigningKeysTable[]; until: string | null; key: ActiveSigningKey } | undefined;

  async function createKey(activatesAt: string): Promise<string> {
    const { privateKey, publicKey } = await generateRsa('rsa', { modulusLength: 2048 });
    const kid = `default-jwt-key-${randomHex(5)}`;
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await db
      .insertInto('signing_keys')
      .values({ kid, private_key_sealed: secrets.seal(pem, `signing_key:${kid}`), public_jwk: JSON.stringify(jwk), created_at: now(), activates_at: activatesAt, retired_at: null })
      .execute();
    changed();
    return kid;
  }

  const api = {
    /** Keys currently published in the JWKS (pending, active, previous). */
    async published(): Promise<PublishedKey[]> {
      return classify(await rows(), now(), policy.retainMs);
    },

    /** First start: with no usable key at all, creates one that signs at once. */
    async ensureKey(): Promise<void> {
      if ((await api.published()).some((k) => k.state === 'active')) return;
      await createKey(now());
    },

    /** The key that signs now. */
    async active(): Promise<ActiveSigningKey> {
      // Hot path of every token: reuse the answer while the key rows are unchanged and no key activates.
      const at = now();
      if (activeCache && activeCache.rows === rowCache?.rows && Date.now() - (rowCache?.at ?? 0) <= ROWS_TTL_MS && (activeCache.until === null || at < activeCache.until)) {
        return activeCache.key;
      }
      const published = await api.published();
      const key = published.find((k) => k.state === 'active');
      if (!key) throw new DomainError('unavailable', 'xsuaa.no_signing_key', 'No signing key is active. Restart the server or rotate the signing key.');
      let privateKey = privateKeys.get(key.kid);
      if (!privateKey) {
        const row = await db.selectFrom('signing_keys').select('private_key_sealed').where('kid', '=', key.kid).executeTakeFirstOrThrow();
        privateKey = createPrivateKey(secrets.openText(row.private_key_sealed, `signing_key:${key.kid}`));
        privateKeys.set(key.kid, privateKey);
      }
      const pending = published.filter((k) => k.state === 'pending').map((k) => k.activatesAt).sort();
      activeCache = { rows: rowCache!.rows, until: pending[0] ?? null, key: { kid: key.kid, privateKey } };
      return activeCache.key;
    },

    /**
     * Publishes a new key that signs after the activation delay. Refused while two keys are published,
     * unless `force`, which retires the previous key at once (its tokens stop verifying).
     */
    async rotate(options: { force?: boolean } = {}): Promise<{ kid: string; activatesAt: string; retired: string[] }> {
      const published = await api.published();
      const retired: string[] = [];
      if (published.length >= 2) {
        const pending = published.find((k) => k.state === 'pending');
        if (pending) throw conflict('xsuaa.rotation_pending', `Key ${pending.kid} is already waiting to activate at ${pending.activatesAt}; rotate again after that.`);
        const previous = published.find((k) => k.state === 'previous')!;
        if (!options.force) {
          throw conflict('xsuaa.rotation_too_soon', `Key ${previous.kid} still verifies tokens until ${previous.retiresAt}. Rotate after that, or force it (tokens signed with ${previous.kid} then stop verifying).`);
        }
        await db.updateTable('signing_keys').set({ retired_at: now() }).where('kid', '=', previous.kid).execute();
        changed();
        retired.push(previous.kid);
      }
      const activatesAt = new Date(clock.now().getTime() + policy.activationDelayMs).toISOString();
      const kid = await createKey(activatesAt);
      return { kid, activatesAt, retired };
    },
  };
  return api;
}

export type SigningKeys = ReturnType<typeof createSigningKeys>;
