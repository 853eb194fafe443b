/**
 * Bearer authentication of the Cloud ALM API: the JWT is verified by xsuaa/ (signature with a published key,
 * expiry, issuer, audience = the Cloud ALM master application), the tenant comes from the token's `zid`, and
 * each endpoint names the one scope it needs. As with XSUAA, a token stays valid until `exp` even when its
 * binding is deleted meanwhile: revocation stops new tokens, not issued ones (README, "Revocation"), unless
 * CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS gives `deletedBindingTokens`, which refuses them as invalid tokens.
 */
import { DomainError } from '../shared/index.js';
import type { AlmApiDeps } from './alm.deps.js';
import { ALM_ERRORS } from './errors.js';

/**
 * `<area>.<action>` of `<master>.calm-api.<area>.<action>`, as SAP's API Scopes page names them (alm-api/README.md,
 * "Scopes"): the Raw Data areas (metrics, logs, and the RAW inbound/outbound ones hm, exm, bsm,
 * integration-monitoring), landscape, projects and tasks.
 */
export type ApiScope =
  | 'metrics.write'
  | 'metrics.read'
  | 'logs.write'
  | 'logs.read'
  | 'hm.write'
  | 'hm.read'
  | 'exm.write'
  | 'exm.read'
  | 'bsm.write'
  | 'bsm.read'
  | 'integration-monitoring.write'
  | 'integration-monitoring.read'
  | 'landscape.write'
  | 'landscape.read'
  | 'projects.read'
  | 'projects.write'
  | 'tasks.read'
  | 'tasks.write';

export interface ApiPrincipal {
  readonly tenantId: string;
  readonly clientId: string;
  readonly zoneId: string;
  readonly scopes: readonly string[];
}

export function fullScope(master: string, scope: ApiScope): string {
  return `${master}.calm-api.${scope}`;
}

export function scopeList(scope: ApiScope | readonly ApiScope[] | undefined): readonly ApiScope[] {
  return scope === undefined ? [] : typeof scope === 'string' ? [scope] : scope;
}

export function createBearerAuth(
  deps: Pick<AlmApiDeps, 'verifier' | 'masterXsappname' | 'tenants' | 'deletedBindingTokens'>,
) {
  // the full scope names a route needs, built once per route rather than per request (routes pass the same
  // value each time; bounded, should a caller build its list anew for every call)
  const fullScopes = new Map<ApiScope | readonly ApiScope[], readonly string[]>();
  const required = (scope: ApiScope | readonly ApiScope[] | undefined): readonly string[] => {
    if (scope === undefined) return [];
    let names = fullScopes.get(scope);
    if (names === undefined) {
      names = scopeList(scope).map((one) => fullScope(deps.masterXsappname, one));
      if (fullScopes.size < 256) fullScopes.set(scope, names);
    }
    return names;
  };
  /** All scopes given are required (SAP asks for metrics.read and hm.read together). Without `scope` only the token is checked (signature, expiry, audience, tenant): for paths that need no scope, such as unknown ones. */
  return async function authenticate(
    authorization: string | undefined,
    scope?: ApiScope | readonly ApiScope[],
  ): Promise<ApiPrincipal> {
    const match = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)\s*$/i.exec(authorization ?? '');
    if (!match)
      throw new DomainError(
        'unauthenticated',
        ALM_ERRORS.token_missing,
        'Send an access token: Authorization: Bearer <token> (client credentials from the service key).',
      );
    const verified = await deps.verifier.verifyAccessToken(match[1]!, {
      audience: deps.masterXsappname,
      requiredScopes: required(scope),
    });
    // in memory for a client seen within 2 s (xsuaa/client-standing.ts): no database read per request
    if (deps.deletedBindingTokens) await deps.deletedBindingTokens.check(verified);
    const tenant = await deps.tenants.findByZone(verified.zoneId);
    if (!tenant)
      throw new DomainError(
        'unauthenticated',
        ALM_ERRORS.no_tenant,
        'The access token was issued in an identity zone that has no SAP Cloud ALM tenant.',
      );
    return { tenantId: tenant.tenantId, clientId: verified.clientId, zoneId: verified.zoneId, scopes: verified.scopes };
  };
}

export type BearerAuth = ReturnType<typeof createBearerAuth>;
