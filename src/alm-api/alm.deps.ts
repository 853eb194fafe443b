/**
 * What the Cloud ALM API needs from outside, as narrow ports wired in main.ts: the token verifier of xsuaa/,
 * the tenant of an identity zone (BTP side), and the managed services and systems of Landscape Management.
 */
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import type { TokenVerifier } from '../xsuaa/index.js';

export interface AlmTenantLookup {
  /** The Cloud ALM tenant of an identity zone (a token's `zid`), if the subaccount has one. */
  findByZone(zoneId: string): Promise<{ readonly tenantId: string } | undefined>;
}

export interface ManagedServiceRegistry {
  findService(
    tenantId: string,
    id: string,
  ): Promise<{ id: string; name: string; monitoringEnabled: boolean } | undefined>;
  recordPush(tenantId: string, id: string, clientId: string): Promise<void>;
  registerSystem(
    tenantId: string,
    input: { externalId: string; name: string; objectType: string; clientId: string },
  ): Promise<{ id: string; lmsId: string; created: boolean }>;
}

export interface AlmLimits {
  /** Data points (or log records) one request may carry. */
  readonly maxItemsPerRequest: number;
  /** Rows returned by one read at most. */
  readonly maxReadRows: number;
}

export const DEFAULT_ALM_LIMITS: AlmLimits = { maxItemsPerRequest: 10_000, maxReadRows: 5_000 };

export interface AlmApiDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly verifier: Pick<TokenVerifier, 'verifyAccessToken'>;
  /** The Cloud ALM master application: scopes read `<master>.calm-api.<area>.<action>`, and tokens name it in `aud`. */
  readonly masterXsappname: string;
  readonly tenants: AlmTenantLookup;
  readonly registry: ManagedServiceRegistry;
  readonly limits: AlmLimits;
}
