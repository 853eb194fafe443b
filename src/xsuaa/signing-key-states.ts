/**
 * The state of each signing key follows from its timestamps alone, so that several processes reading the
 * same rows agree without talking to each other:
 *   pending  activates_at > now
 *   active   the last activated key in the order below
 *   previous an older activated key, until its successor's activates_at + retainMs; retired afterwards
 * The order is activates_at, then created_at, then kid: two keys that activate at the same instant (two
 * processes creating the first key at once) still have one agreed active key, the other being previous.
 */
import { createPublicKey } from 'node:crypto';
import type { SigningKeysTable } from '../store/index.js';

export interface PublishedKey {
  readonly kid: string;
  readonly state: 'pending' | 'active' | 'previous';
  readonly activatesAt: string;
  readonly retiresAt: string | null;
  readonly jwk: Record<string, unknown>;
  readonly pem: string;
}

export interface KeyStates {
  /** Published keys (pending, active, previous) in the order above. */
  readonly keys: PublishedKey[];
  /** The next instant at which a state changes (a key activates or retires), or null. */
  readonly validUntil: string | null;
}

const pemByKid = new Map<string, string>();

function publicPem(kid: string, jwk: Record<string, unknown>): string {
  let pem = pemByKid.get(kid);
  if (!pem) {
    pem = createPublicKey({ key: jwk as never, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    pemByKid.set(kid, pem);
  }
  return pem;
}

const byAge = (a: SigningKeysTable, b: SigningKeysTable) =>
  a.activates_at.localeCompare(b.activates_at) ||
  a.created_at.localeCompare(b.created_at) ||
  a.kid.localeCompare(b.kid);

export function classifyKeys(rows: readonly SigningKeysTable[], now: string, retainMs: number): KeyStates {
  const live = rows.filter((r) => r.retired_at === null).sort(byAge);
  const keys: PublishedKey[] = [];
  const boundaries: string[] = [];
  live.forEach((row, index) => {
    const successor = live.slice(index + 1).find((r) => r.activates_at <= now);
    const retiresAt = successor ? new Date(Date.parse(successor.activates_at) + retainMs).toISOString() : null;
    if (retiresAt !== null && retiresAt <= now) return; // retired by time
    const state = row.activates_at > now ? 'pending' : successor ? 'previous' : 'active';
    boundaries.push(...(state === 'pending' ? [row.activates_at] : []), ...(retiresAt === null ? [] : [retiresAt]));
    const jwk = JSON.parse(row.public_jwk) as Record<string, unknown>;
    keys.push({ kid: row.kid, state, activatesAt: row.activates_at, retiresAt, jwk, pem: publicPem(row.kid, jwk) });
  });
  return { keys, validUntil: boundaries.sort()[0] ?? null };
}
