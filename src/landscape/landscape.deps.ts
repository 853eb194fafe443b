/**
 * What Landscape Management needs from outside, as narrow ports that composition (main.ts) fills in:
 * tenant facts from the BTP side, and the online key test (which goes over HTTP through egress, exactly as
 * a managed service would, so it works the same for a real SAP key).
 */
import type { Actor } from '../access/index.js';
import type { AuditWriter } from '../audit/index.js';
import type { SecretBox } from '../crypto/index.js';
import type { KeyTestResult } from '../key-test/index.js';
import type { Clock } from '../shared/index.js';
import type { Db } from '../store/index.js';
import type { LandscapeEventBus } from './lm.events.js';
import type { ClientCallRecorder } from './client-calls.js';

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

/** The BTP binding that issued a key in the slot, as the rotation port finds it. */
export interface RotationBindingRef {
  readonly bindingId: string;
  readonly instanceId: string;
  readonly name: string;
  readonly credentialType: string;
}

/**
 * Staged rotation's way into BTP (filled in main.ts from btp/; this module never imports it). Only bindings of
 * the tenant's own subaccount are found, and only when the binding's instance has the key's client id: an
 * uploaded key may name any binding. The actor is the administrator who started the rotation (BTP audits it).
 */
export interface RotationBindings {
  /**
   * With `secretFingerprint` (the slot key's keyed fingerprint of its client secret), only the binding whose
   * secret it is: a key's binding id read from its secret's prefix is the uploader's word until then.
   */
  find(
    subaccountId: string,
    bindingId: string,
    clientId: string,
    secretFingerprint?: string,
  ): Promise<RotationBindingRef | undefined>;
  /** A new binding of the same instance; answers its key file text (it holds the secret: never log it). */
  create(
    actor: Actor,
    input: { subaccountId: string; instanceId: string; name: string; credentialType: string },
  ): Promise<{ bindingId: string; keyText: string }>;
  /** Deletes the binding in BTP, which revokes its credential; false when it is gone already. */
  remove(actor: Actor, input: { subaccountId: string; bindingId: string }): Promise<boolean>;
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
  /** Staged rotation's port into BTP; absent, every rotation is a manual one (a real SAP key's). */
  readonly rotationBindings?: RotationBindings;
  /** Staged rotation's worker: how often it looks for due steps (default 15 s; tests use less). */
  readonly rotationPollMs?: number;
  /** A pass of the rotation worker failed (it is tried again at the next poll); main.ts logs it. */
  readonly onRotationError?: (error: unknown) => void;
  /** Scheduled re-tests every this many ms (key-test-schedule.ts); 0 or absent: off. Shown with the Test history. */
  readonly retestIntervalMs?: number;
  /** Calls by client address (client-calls.ts), for the blast radius; absent, it shows pushes and tokens only. */
  readonly clientCalls?: Pick<ClientCallRecorder, 'pendingOf'>;
  /** How long a deleted key stays recoverable (`CALM_KEYS_LM_DELETED_KEY_RETENTION_DAYS`, default 7). */
  readonly deletedKeyRetentionDays?: number;
}
