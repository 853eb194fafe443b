/**
 * Proves which client is asking: a secret (stored as SHA-256) or a certificate of the binding CA (by
 * fingerprint), of a credential that is neither revoked nor expired and whose type the instance allows.
 * A failure counts against the throttle (client-auth-throttle.ts) and is 401, or 429 over the limit.
 */
import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../crypto/index.js';
import type { ClientAuthentication } from '../client-auth.js';
import { OAuthError } from '../oauth-error.js';
import * as repo from '../xsuaa.repo.js';
import { filled, type TokenContext, type TokenStepDeps } from './context.js';

const UNKNOWN_OR_BAD = 'Bad credentials';

/**
 * RFC 6749 has no "slow down" error at the token endpoint (`temporarily_unavailable` belongs to the
 * authorization endpoint), so throttling is 429 with Retry-After and an `invalid_client` body.
 */
const tooManyFailures = (seconds: number) =>
  new OAuthError('invalid_client', `Too many failed client authentications; retry after ${seconds} s.`, 429, seconds);

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The client that the attempts prove to be, or undefined. */
async function proveClient(
  deps: TokenStepDeps,
  attempts: readonly ClientAuthentication[],
): Promise<{ client: repo.ClientRecord; credentialId: string } | undefined> {
  const { db } = deps;
  const now = deps.clock.now().toISOString();
  for (const attempt of attempts) {
    if (attempt.method === 'mtls') {
      const client = await repo.findClient(db, attempt.clientId);
      if (!client || client.revoked_at || !attempt.certificate.authorized) continue;
      if (!(JSON.parse(client.credential_types) as string[]).includes('x509')) continue;
      const credential = await repo.findCertificateCredential(db, client.pk, attempt.certificate.fingerprint256);
      if (credential && !credential.revoked_at && (!credential.expires_at || credential.expires_at > now))
        return { client, credentialId: credential.id };
      continue;
    }
  }
  return proveBySecret(deps, attempts);
}

/** The client columns of a row, without the credential's (its secret hash stays out of the cache). */
function clientOf(row: repo.ClientRecord): repo.ClientRecord {
  return {
    pk: row.pk,
    client_id: row.client_id,
    xsappname: row.xsappname,
    credential_types: row.credential_types,
    authorities: row.authorities,
    service_instance_id: row.service_instance_id,
    revoked_at: row.revoked_at,
    zone_id: row.zone_id,
    subdomain: row.subdomain,
  };
}

/**
 * The secret attempts (Basic raw and form-decoded, or the body's): first those this process has proven since
 * the last revocation (client-auth-cache.ts), else all of them in one query; the first attempt that matches wins.
 */
async function proveBySecret(
  deps: TokenStepDeps,
  attempts: readonly ClientAuthentication[],
): Promise<{ client: repo.ClientRecord; credentialId: string } | undefined> {
  const cache = deps.verifiedSecrets;
  const nowMs = deps.clock.now().getTime();
  const presented = attempts.flatMap((a) =>
    a.method === 'mtls' ? [] : a.secretCandidates.map((secret) => ({ clientId: a.clientId, secret })),
  );
  if (presented.length === 0) return undefined;
  const keys = cache ? presented.map((p) => cache.keyOf(p.clientId, p.secret)) : [];
  for (const key of keys) {
    const hit = cache!.get(key, nowMs);
    if (hit) return hit;
  }
  const readIn = cache?.generation() ?? 0;
  const pairs = presented.map((p) => ({ clientId: p.clientId, hash: sha256Hex(p.secret) }));
  const rows = await repo.findClientsBySecrets(
    deps.db,
    [...new Set(pairs.map((p) => p.clientId))],
    [...new Set(pairs.map((p) => p.hash))],
  );
  for (const [index, { clientId, hash }] of pairs.entries()) {
    const found = rows.find((row) => row.client_id === clientId && row.secret_hash === hash);
    // The credential counts only if the instance allows its type (an instance-secret after a switch to binding-secret does not).
    if (
      found?.secret_hash &&
      sameHash(found.secret_hash, hash) &&
      (JSON.parse(found.credential_types) as string[]).includes(found.credential_type)
    ) {
      const verified = { client: clientOf(found), credentialId: found.credential_id };
      // secret credentials do not expire (only certificates have expires_at)
      cache?.put(keys[index]!, verified, readIn, nowMs, null);
      return verified;
    }
  }
  return undefined;
}

export async function authenticateClient(ctx: TokenContext, deps: TokenStepDeps): Promise<void> {
  const { callerAddress } = ctx.request;
  // An address over its limit is still authenticated: a correct credential must never be refused, or the
  // callers sharing an address (the server's own Landscape Management Test, everyone behind a proxy) could be
  // locked out by anyone sending unknown client ids. Only its failures are answered 429.
  const addressWait = deps.throttle.waitBeforeAuthentication(callerAddress);
  // No client id holds U+0000, and PostgreSQL text cannot even be queried with one: such an attempt names no client.
  const attempts = filled(ctx, 'attempts').filter((a) => !a.clientId.includes('\u0000'));
  const authenticated = await proveClient(deps, attempts);
  if (!authenticated) {
    // Count against the client the request named, whichever spelling resolved; else against the address.
    const namedClient = await repo.findClientPk(deps.db, [...new Set(attempts.map((a) => a.clientId))]);
    const failedWait = Math.max(addressWait, await deps.throttle.recordFailure(callerAddress, namedClient));
    throw failedWait > 0 ? tooManyFailures(failedWait) : new OAuthError('invalid_client', UNKNOWN_OR_BAD, 401);
  }
  ctx.client = authenticated.client;
  ctx.credentialId = authenticated.credentialId;
}
