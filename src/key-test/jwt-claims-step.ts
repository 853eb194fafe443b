/**
 * Step `jwt-claims`: would a resource server that uses this key accept the token? The audience rule is
 * @sap/xssec's `XsuaaService.acceptsTokenAudience` (docs/sap-sources.md §7); expiry follows
 * its `exp`/`nbf` checks. Pure: no I/O, the time comes from the caller's clock.
 */
import type { JWTPayload } from 'jose';
import { failed, passed, type StepOutcome } from './key-test.types.js';
import type { KeyUnderTest } from './key-under-test.js';

/** xssec tolerates 60 s of clock skew for `nbf`; `exp` is checked strictly here, since a test wants fresh tokens. */
const NBF_LEEWAY_SECONDS = 60;
const SCOPES_LISTED = 12;

const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? value.split(' ').filter(Boolean)
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [];

/** xssec's audience candidates: `aud` (or the scopes when `aud` is empty) plus `cid`. */
function audienceCandidates(payload: JWTPayload): string[] {
  const aud = strings(payload.aud);
  const candidates = aud.length > 0 ? aud : strings(payload.scope);
  if (typeof payload.cid === 'string') candidates.push(payload.cid);
  return candidates;
}

export function audienceAccepted(payload: JWTPayload, clientId: string, xsappname: string | undefined): boolean {
  return audienceCandidates(payload).some(
    (c) =>
      c === clientId ||
      c.startsWith(`${clientId}.`) ||
      (xsappname !== undefined && (c === xsappname || c.startsWith(`${xsappname}.`))) ||
      // broker (reuse service) clones: the clone's client accepts tokens for `...|<master xsappname>`
      (xsappname !== undefined && clientId.includes('!b') && c.endsWith(`|${xsappname}`)),
  );
}

function scopeSummary(payload: JWTPayload): string {
  const scopes = strings(payload.scope);
  if (scopes.length === 0) return 'no scopes granted';
  const listed = scopes.slice(0, SCOPES_LISTED).join(', ');
  const more = scopes.length > SCOPES_LISTED ? `, and ${scopes.length - SCOPES_LISTED} more` : '';
  return `${scopes.length} scope${scopes.length === 1 ? '' : 's'}: ${listed}${more}`;
}

export interface ClaimsCheckOptions {
  readonly now: Date;
  readonly expectedZoneId?: string;
}

export function checkClaims(payload: JWTPayload, key: KeyUnderTest, options: ClaimsCheckOptions): StepOutcome<true> {
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (typeof payload.exp !== 'number')
    return failed('the token has no exp claim; @sap/xssec refuses tokens without an expiry');
  if (payload.exp <= nowSeconds) {
    return failed(
      `the token the server just issued expired ${nowSeconds - payload.exp} s ago; check the token server's clock`,
    );
  }
  if (typeof payload.nbf === 'number' && payload.nbf > nowSeconds + NBF_LEEWAY_SECONDS) {
    return failed(
      `the token is not valid before ${new Date(payload.nbf * 1000).toISOString()}; check the token server's clock`,
    );
  }

  if (!audienceAccepted(payload, key.clientId, key.xsappname)) {
    const seen = audienceCandidates(payload);
    const names = key.xsappname
      ? `the client id ${key.clientId} or the xsappname ${key.xsappname}`
      : `the client id ${key.clientId}`;
    return failed(
      `the token's audience (${seen.join(', ') || 'empty'}) does not name ${names}; SAP libraries would refuse it`,
    );
  }

  const zid = typeof payload.zid === 'string' ? payload.zid : undefined;
  const expectations: [string, string][] = [];
  if (key.zoneId !== undefined) expectations.push([key.zoneId, `the key says ${key.zoneId} (${key.zoneIdField})`]);
  if (options.expectedZoneId !== undefined && options.expectedZoneId !== key.zoneId) {
    expectations.push([options.expectedZoneId, `expected ${options.expectedZoneId}`]);
  }
  for (const [zone, said] of expectations) {
    if (zid === undefined) return failed(`the token carries no zid (zone id), but ${said}`);
    if (zid !== zone) return failed(`the token was issued for zone ${zid}, ${said}`);
  }

  const zoneNote = zid === undefined ? 'no zone id' : expectations.length > 0 ? `zone ${zid} matches` : `zone ${zid}`;
  return passed(
    `expires in ${payload.exp - nowSeconds} s; audience accepts client ${key.clientId}; ${zoneNote}; ${scopeSummary(payload)}`,
    true,
  );
}
