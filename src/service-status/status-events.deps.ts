/**
 * What service status events need from outside, as narrow ports that main.ts fills: the tenant chain for the
 * access guard (BTP side) and the managed services and systems of Landscape Management (this module never
 * imports landscape/).
 */
import type { AuditWriter } from '../audit/index.js';
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';

export interface StatusEventTenant {
  readonly tenantId: string;
  readonly subaccountId: string;
  readonly globalAccountId: string;
}

export interface StatusEventTenants {
  find(tenantId: string): Promise<StatusEventTenant | undefined>;
}

/** A managed service or system as the events see it: what an event is about, and its last push. */
export interface StatusEventObject {
  readonly id: string;
  readonly kind: 'service' | 'system';
  readonly name: string;
  readonly objectType: string;
  readonly lmsId: string;
  readonly monitoringEnabled: boolean;
  readonly lastPushAt: string | null;
}

export interface StatusEventObjects {
  /** Every managed service and system of the tenant. */
  list(tenantId: string): Promise<readonly StatusEventObject[]>;
}

export interface StatusEventDeps {
  readonly db: Db;
  readonly audit: AuditWriter;
  readonly clock: Clock;
  readonly tenants: StatusEventTenants;
  readonly objects: StatusEventObjects;
  /** Minutes without a push after which a monitored object gets its derived Disruption event (default 15). */
  readonly noDataMinutes?: number;
}

export const DEFAULT_NO_DATA_MINUTES = 15;
