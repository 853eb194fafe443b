/**
 * What the Cloud ALM API needs from outside, as narrow ports wired in main.ts: the token verifier of xsuaa/,
 * the tenant of an identity zone (BTP side), and the managed services and systems of Landscape Management.
 */
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import type { DeletedBindingTokenCheck, TokenVerifier } from '../xsuaa/index.js';

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
  /** Every managed service and system of the tenant, each with an LMS ID (the landscape read). */
  listObjects(tenantId: string): Promise<readonly AlmLandscapeObject[]>;
  registerSystem(
    tenantId: string,
    input: { externalId: string; name: string; objectType: string; clientId: string },
  ): Promise<{ id: string; lmsId: string; created: boolean }>;
}

/** A managed service or system of Landscape Management, as `/calm-landscape/v1` answers it (landscape.view.ts). */
export interface AlmLandscapeObject {
  readonly kind: 'service' | 'system';
  readonly name: string;
  readonly objectType: string;
  readonly externalId: string | null;
  readonly lmsId: string;
  readonly source: string;
  readonly monitoringEnabled: boolean;
  readonly createdAt: string;
  readonly registeredAt: string | null;
  readonly lastPushAt: string | null;
}

/** A service status event (recorded or derived), as service-status/ reads it; the API answers it in SAP's shape. */
export interface AlmStatusEvent {
  readonly id: string;
  readonly type: string;
  readonly serviceName: string;
  readonly serviceType: string;
  readonly lmsId: string;
  readonly eventType: string;
  readonly title: string;
  readonly description: string;
  readonly startTime: string;
  readonly endTime: string | null;
  readonly status: 'open' | 'closed';
}

/** The status events of a tenant (filled in main.ts from service-status/, which this module does not import). */
export interface StatusEventSource {
  query(
    tenantId: string,
    query: {
      type?: string;
      serviceName?: string;
      eventType?: string;
      serviceType?: string;
      from?: string;
      to?: string;
      limit: number;
      offset: number;
    },
  ): Promise<readonly AlmStatusEvent[]>;
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
  readonly statusEvents: StatusEventSource;
  readonly limits: AlmLimits;
  /** Set with CALM_KEYS_REJECT_TOKENS_OF_DELETED_BINDINGS: tokens of a deleted binding are refused before `exp`. */
  readonly deletedBindingTokens?: Pick<DeletedBindingTokenCheck, 'check'>;
}
