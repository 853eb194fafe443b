/**
 * Step `jwt-signature`: is the token signed by a key its issuer publishes? Keys are fetched the way
 * @sap/xssec fetches them (docs/sap-sources.md §7): `https://{uaadomain}/token_keys?zid={zid}`;
 * when that fails, `{url}/token_keys` (what generic clients use); when no JWKS can be fetched at all,
 * the static `uaa.verificationkey`. The detail says which source was used, and that xssec would not fall
 * back. The JWKS is fetched through egress and handed to jose as a local set, so jose never fetches.
 */
import {
  compactVerify,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  importSPKI,
  type JSONWebKeySet,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';
import type { EgressClient } from '../egress/index.js';
import { failed, passed, type StepOutcome } from './key-test.types.js';
import type { KeyUnderTest } from './key-under-test.js';
import { describeRequestFailure } from './server-text.js';

/** The asymmetric algorithms xssec accepts (RS, PS, ES); HS* needs a shared secret and is refused. */
export const ACCEPTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];

export interface VerifiedToken {
  readonly payload: JWTPayload;
}

type JwksFetch = { readonly jwks: JSONWebKeySet; readonly url: string } | { readonly problem: string };

/** xssec: `https://` + uaadomain, unless uaadomain already carries a scheme; `?zid=` when the token has one. */
export function xssecJwksUrl(uaaDomain: string, zid: string | undefined): string {
  const base = /^https?:\/\//i.test(uaaDomain) ? uaaDomain.replace(/\/+$/, '') : `https://${uaaDomain}`;
  return `${base}/token_keys${zid ? `?zid=${encodeURIComponent(zid)}` : ''}`;
}

function isJwks(value: unknown): value is JSONWebKeySet {
  const keys = (value as { keys?: unknown } | null)?.keys;
  return Array.isArray(keys) && keys.every((k) => typeof k === 'object' && k !== null);
}

async function fetchJwks(egress: EgressClient, url: string): Promise<JwksFetch> {
  try {
    const response = await egress.request({ method: 'GET', url, headers: { accept: 'application/json' } });
    if (response.status === 400 && url.includes('?zid=')) {
      return { problem: `${url}: HTTP 400, the server does not publish keys for this zone` };
    }
    if (response.status !== 200) return { problem: `${url}: HTTP ${response.status}` };
    const json = response.json();
    return isJwks(json) ? { jwks: json, url } : { problem: `${url}: the answer is not a JWKS document` };
  } catch (error) {
    return { problem: `${url}: ${describeRequestFailure(error)}` };
  }
}

function kidsOf(jwks: JSONWebKeySet): string {
  const kids = jwks.keys.map((k) => (typeof k.kid === 'string' ? `"${k.kid}"` : '(no kid)'));
  return kids.length === 0 ? 'no keys at all' : kids.join(', ');
}

/** A person-readable reason for a jose verification error; jose messages never contain the token. */
function verificationFailure(
  error: unknown,
  header: ProtectedHeaderParameters,
  source: string,
  jwks?: JSONWebKeySet,
): string {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return `no signing key with kid "${header.kid}" and alg ${header.alg} at ${source} (it publishes ${jwks ? kidsOf(jwks) : 'other keys'}): the token was signed with a key this issuer does not publish`;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return `the signature does not verify with key "${header.kid}" from ${source}: the token was not signed by that key`;
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return `${source} publishes several keys with kid "${header.kid}", so the signing key is ambiguous`;
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return `the key material at ${source} cannot be used to verify ${header.alg} (${String(code)})`;
    default:
      return `the signature could not be verified with ${source} (${error instanceof Error ? error.name : 'unknown error'})`;
  }
}

async function verifyWithVerificationKey(
  token: string,
  header: ProtectedHeaderParameters,
  pem: string,
  fetchProblems: string,
): Promise<StepOutcome<true>> {
  const source = 'uaa.verificationkey';
  try {
    const key = await importSPKI(pem.replace(/\\n/g, '\n'), header.alg ?? 'RS256');
    await compactVerify(token, key, { algorithms: ACCEPTED_ALGORITHMS });
  } catch (error) {
    return failed(`no JWKS could be fetched (${fetchProblems}), and ${verificationFailure(error, header, source)}`);
  }
  return passed(
    `verified the ${header.alg} signature with uaa.verificationkey from the key file, because no JWKS could be fetched (${fetchProblems}); @sap/xssec would fail here, and the static key is outdated after a signing-key rotation`,
    true,
  );
}

export async function verifySignature(
  accessToken: string,
  key: KeyUnderTest,
  egress: EgressClient,
): Promise<StepOutcome<VerifiedToken>> {
  let header: ProtectedHeaderParameters;
  let payload: JWTPayload;
  try {
    header = decodeProtectedHeader(accessToken);
    payload = decodeJwt(accessToken);
  } catch {
    return failed('the access token is not a JWT, so resource servers such as the Cloud ALM API cannot validate it');
  }
  if (typeof header.alg !== 'string' || !ACCEPTED_ALGORITHMS.includes(header.alg)) {
    const alg = typeof header.alg === 'string' ? header.alg : 'no alg';
    return failed(
      `the token is signed with ${alg}; SAP libraries accept only asymmetric signatures (RS256 and the like), and HS* needs a shared secret`,
    );
  }
  if (typeof header.kid !== 'string' || header.kid === '') {
    return failed('the token header has no kid; @sap/xssec needs it to pick the signing key and refuses the token');
  }
  const zid = typeof payload.zid === 'string' ? payload.zid : undefined;

  const attempts: string[] = [];
  if (key.uaaDomain) attempts.push(xssecJwksUrl(key.uaaDomain, zid));
  if (key.url) attempts.push(`${key.url.replace(/\/+$/, '')}/token_keys`);
  const problems: string[] = [];
  for (const url of new Set(attempts)) {
    const fetched = await fetchJwks(egress, url);
    if ('problem' in fetched) {
      problems.push(fetched.problem);
      continue;
    }
    try {
      await compactVerify(accessToken, createLocalJWKSet(fetched.jwks), { algorithms: ACCEPTED_ALGORITHMS });
    } catch (error) {
      return failed(verificationFailure(error, header, fetched.url, fetched.jwks));
    }
    const fallbackNote =
      problems.length === 0
        ? ''
        : `, after ${problems.join('; ')}${key.uaaDomain ? '; @sap/xssec fetches only from uaadomain and would fail here' : ''}`;
    return passed(`verified the ${header.alg} signature with key "${header.kid}" from ${fetched.url}${fallbackNote}`, {
      payload,
    });
  }

  const fetchProblems = problems.length > 0 ? problems.join('; ') : 'the key has neither uaa.uaadomain nor uaa.url';
  if (key.verificationKey !== undefined) {
    const outcome = await verifyWithVerificationKey(accessToken, header, key.verificationKey, fetchProblems);
    return outcome.status === 'passed' ? passed(outcome.detail, { payload }) : failed(outcome.detail);
  }
  return failed(
    `the signing keys could not be fetched: ${fetchProblems}; the key has no uaa.verificationkey to fall back on`,
  );
}
