/** The REST API's answers as the UI reads them (README.md, "REST API"); written by hand: web/ shares no code with src/. */
export interface Problem {
  readonly path?: string;
  readonly rule?: string;
  readonly message: string;
}

export interface RoleAssignment {
  readonly role: string;
  readonly scopeType: 'system' | 'tenant' | 'global_account' | 'subaccount';
  readonly scopeId: string;
}

export interface Me {
  readonly userId: string;
  readonly username: string;
  readonly roles: readonly RoleAssignment[];
}

export interface ListOf<T> {
  readonly num_items: number;
  readonly items: readonly T[];
}

export interface GlobalAccount {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface Subaccount {
  readonly id: string;
  readonly globalAccountId: string;
  readonly name: string;
  readonly subdomain: string;
  readonly region: string;
  readonly cloudAlmTenant: { readonly id: string; readonly provisionedOn: string } | null;
}

export interface ServiceInstance {
  readonly id: string;
  readonly name: string;
  readonly subaccount_id: string;
  readonly service_offering: string;
  readonly service_plan: string;
  readonly xsappname: string;
  readonly client_id: string;
  readonly credential_types: readonly string[];
  readonly authorities: readonly string[];
  readonly origin: string;
  readonly created_at: string;
}

export interface ServiceBinding {
  readonly id: string;
  readonly name: string;
  readonly service_instance_id: string;
  readonly subaccount_id: string;
  readonly credential_type: string;
  readonly expires_at: string | null;
  readonly origin: string;
  readonly created_at: string;
  readonly credentials?: unknown;
}

export type KeyStatus = 'unknown' | 'active' | 'failed';

export interface LmTenant {
  readonly tenantId: string;
  readonly name: string;
  readonly identityZone: string;
  readonly roles: readonly string[];
  readonly slot: 'empty' | 'filled';
  readonly status?: KeyStatus;
  readonly deletedInBtp?: boolean;
}

export interface TestStep {
  readonly id: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly detail: string;
}

export interface KeyTestResult {
  readonly ok: boolean;
  readonly steps: readonly TestStep[];
  readonly summary: string;
}

export interface SlotKey {
  readonly id: string;
  readonly name: string;
  readonly source: 'uploaded' | 'provisioned';
  readonly fileName: string | null;
  readonly sizeBytes: number;
  readonly uploadedBy: string;
  readonly uploadedAt: string;
  readonly status: { readonly value: KeyStatus; readonly reason: string | null; readonly at: string | null };
  readonly deletedInBtp: { readonly at: string; readonly message: string } | null;
  readonly lastTest: { readonly at: string; readonly by: string; readonly result: KeyTestResult } | null;
  readonly observedUse: { readonly lastTokenAt: string | null; readonly lastPush: { readonly at: string; readonly to: string } | null };
  readonly warnings: readonly Problem[];
  readonly summary: { readonly clientId: string; readonly identityZone: string; readonly credentialType: string; readonly apiUrl?: string; readonly tokenUrl?: string };
  readonly content: unknown;
}

export type SlotActions = Record<'view' | 'download' | 'test' | 'reveal' | 'upload' | 'delete', boolean>;

export interface SlotView {
  readonly tenantId: string;
  readonly tenantName: string;
  readonly identityZone: string;
  readonly slot: 'empty' | 'filled';
  readonly key: SlotKey | null;
  readonly actions: SlotActions;
}

export interface KeyTestOutcome {
  readonly status: KeyStatus;
  readonly reason: string | null;
  readonly at: string;
  readonly result: KeyTestResult;
  readonly recorded: boolean;
}

export interface FormatCheck {
  readonly valid: boolean;
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
}

export interface ManagedObject {
  readonly id: string;
  readonly kind: 'service' | 'system';
  readonly name: string;
  readonly objectType: string;
  readonly externalId: string | null;
  readonly lmsId: string | null;
  readonly monitoringEnabled: boolean;
  readonly source: string;
  readonly createdAt: string;
  readonly lastPush: { readonly at: string; readonly clientId: string; readonly withTenantKey: boolean } | null;
}

export interface ManagedObjects {
  readonly tenantId: string;
  readonly serviceKey: { readonly name: string; readonly clientId: string; readonly status: KeyStatus; readonly deletedInBtp: boolean } | null;
  readonly items: readonly ManagedObject[];
}

export interface MetricPoint {
  readonly name: string;
  readonly unit: string;
  readonly kind: string;
  readonly time: string;
  readonly value: number;
}

export interface ManagedObjectMetrics {
  readonly id: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly metrics: readonly string[];
  readonly points: readonly MetricPoint[];
  readonly truncated: boolean;
}

export interface AuditEvent {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly action: string;
  readonly outcome: string;
  readonly actor: { readonly type: string; readonly id: string; readonly name: string };
  readonly tenantId: string | null;
  readonly target: { readonly type: string; readonly id: string } | null;
  readonly details: unknown;
}

export interface UserSummary {
  readonly id: string;
  readonly username: string;
}
