/**
 * Personal API tokens for the CLI and automation: create (shown once, stored as SHA-256), resolve to the
 * owner's actor, list, revoke; and the lifetime rule every reader of a token's expiry uses.
 */
import { newId, randomToken, sha256Hex } from '../crypto/index.js';
import { DomainError, invalidInput } from '../shared/index.js';
import { withTx } from '../store/index.js';
import * as repo from './access.repo.js';
import type { AccessContext } from './access.context.js';
import { toAuditActor, type Actor } from './actor.js';
import { ACCESS_ERRORS } from './errors.js';

export const API_TOKEN_PREFIX = 'ckpat_';
/** Lifetime of an API token when the request names none, and the longest one may ask for. */
export const API_TOKEN_DEFAULT_DAYS = 90;
export const API_TOKEN_MAX_DAYS = 365;
const DAY_MS = 86_400_000;

export interface CreatedApiToken {
  readonly id: string;
  readonly name: string;
  /** The token itself: returned once, never stored. */
  readonly token: string;
  readonly prefix: string;
  readonly expiresAt: string;
}

/** Tokens made before lifetimes were enforced have no expiry stored: they end API_TOKEN_MAX_DAYS after their creation. */
export function expiryOf(row: { created_at: string; expires_at: string | null }): string {
  return row.expires_at ?? new Date(Date.parse(row.created_at) + API_TOKEN_MAX_DAYS * DAY_MS).toISOString();
}

export function createApiTokens(ctx: AccessContext) {
  const { db, audit, clock, now, actorFor } = ctx;

  return {
    async createApiToken(actor: Actor, input: { name: string; expiresInDays?: number }): Promise<CreatedApiToken> {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100)
        throw invalidInput(ACCESS_ERRORS.bad_token_name, 'Give the token a name of 1 to 100 characters.', [
          { path: 'name', message: '1 to 100 characters' },
        ]);
      const days = input.expiresInDays ?? API_TOKEN_DEFAULT_DAYS;
      if (!(Number.isInteger(days) && days >= 1 && days <= API_TOKEN_MAX_DAYS)) {
        throw invalidInput(
          ACCESS_ERRORS.bad_token_expiry,
          `expiresInDays must be a whole number of days from 1 to ${API_TOKEN_MAX_DAYS}.`,
          [{ path: 'expiresInDays', message: `1 to ${API_TOKEN_MAX_DAYS}` }],
        );
      }
      const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
      const prefix = token.slice(0, API_TOKEN_PREFIX.length + 6);
      const id = newId();
      const expiresAt = new Date(clock.now().getTime() + days * DAY_MS).toISOString();
      await withTx(db, async (tx) => {
        await repo.insertApiToken(tx, {
          id,
          user_id: actor.userId,
          name,
          token_hash: sha256Hex(token),
          token_prefix: prefix,
          created_at: now(),
          expires_at: expiresAt,
        });
        await audit.record(tx, {
          action: 'access.api_token.created',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name, tokenPrefix: prefix, expiresAt },
        });
      });
      return { id, name, token, prefix, expiresAt };
    },

    async resolveApiToken(token: string): Promise<Actor | undefined> {
      if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
      const row = await repo.findApiTokenByHash(db, sha256Hex(token));
      if (!row || row.revoked_at || expiryOf(row) <= now()) return undefined;
      await repo.touchApiToken(db, row.id, now());
      return actorFor(row.user_id, { kind: 'api_token', tokenId: row.id });
    },

    async listApiTokens(actor: Actor) {
      const rows = await repo.listApiTokens(db, actor.userId);
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.token_prefix,
        createdAt: r.created_at,
        expiresAt: expiryOf(r),
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
      }));
    },

    async revokeApiToken(actor: Actor, id: string): Promise<void> {
      const row = await repo.findApiToken(db, actor.userId, id);
      if (!row)
        throw new DomainError('not_found', ACCESS_ERRORS.api_token_not_found, `You have no API token with id "${id}".`);
      await withTx(db, async (tx) => {
        await repo.markApiTokenRevoked(tx, id, now());
        await audit.record(tx, {
          action: 'access.api_token.revoked',
          outcome: 'success',
          actor: toAuditActor(actor),
          targetId: id,
          details: { name: row.name, tokenPrefix: row.token_prefix },
        });
      });
    },
  };
}
