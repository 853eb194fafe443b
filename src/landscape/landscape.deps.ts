/**
 * What Landscape Management needs from outside, as narrow ports that composition (main.ts) fills in:
 * tenant facts from the BTP side, and the online key test (which goes over HTTP through egress, exactly as
 * a managed service would, so it works the same for a real SAP key).
 */
import type { AuditWriter } from '../audit/index.js';
import type { SecretBox } from '../crypto/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import type { LandscapeEventBus } from './lm.events.js';

export interface LandscapeTenant {
  readonly tenantId: string;
  readonly name: string;
  readonly subaccountId: string;
  readonly globalAccountId: string;
  /** What `uaa.identityzone` of this tenant's keys must say (format check F2). */
  readonly identityZone: string;
  /** The zone id (`zid`) that tokens of this tenant's keys must carry. */
  readonly zoneId: string;
}

export interface TenantLookup {
  find(tenantId: string): Promise<LandscapeTenant | undefined>;
  list(): Promise<readonly LandscapeTenant[]>;
}

/**
 * Tests a key document online; never throws for a bad key (a failed step says why). `maxDurationMs`, when
 * known, bounds one run: the tenant's Test lease lasts that long (default 3 minutes).
 */
export type KeyTester = ((
  document: unknown,
  options: { readonly expectedZoneId: string },
) => Promise<KeyTestResult>) & { readonly maxDurationMs?: number };

/** Observed use of a key on the token server, when that server is this calm-keys (real SAP keys have none). */
export interface KeyUsageLookup {
  /** Only a client of the tenant's own identity zone counts: an uploaded key may name any client and binding. */
  lastTokenIssuedAt(zoneId: string, clientId: string, bindingId: string): Promise<string | null>;
}

/** A pushed metric data point as the Cloud ALM API stored it. */
export interface MetricPoint {
  readonly name: string;
  readonly unit: string;
  readonly kind: string;
  readonly time: string;
  readonly value: number;
  readonly count?: number;
  readonly attributes: unknown;
}

/**
 * Reads what managed services pushed to the Cloud ALM API (filled in main.ts from alm-api/; this module
 * never imports it). The person's right to see the service is checked here before the call.
 */
export interface TelemetryReader {
  readMetrics(
    tenantId: string,
    serviceId: string,
    query: { from: string; to: string; metrics?: readonly string[]; limit: number },
  ): Promise<readonly MetricPoint[]>;
}

export interface LandscapeDeps {
  readonly db: Db;
  readonly audit: AuditWriter;
  readonly clock: Clock;
  readonly secrets: SecretBox;
  readonly tenants: TenantLookup;
  readonly testKey: KeyTester;
  readonly keyUsage?: KeyUsageLookup;
  /** Pushed metrics for the chart per managed service; absent, the chart answers 503. */
  readonly telemetry?: TelemetryReader;
  /**
   * The slot's events (lm.events.ts), written in the transaction of each change. main.ts fills it (webhooks/
   * subscribes to every topic); absent (unit tests), nothing is recorded.
   */
  readonly events?: LandscapeEventBus;
}
