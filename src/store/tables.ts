/**
 * Row types of every table, as kysely sees them. Portable across SQLite and PostgreSQL:
 * timestamps are ISO-8601 UTC text (sortable, same on both), booleans are 0/1 integers,
 * structured values are JSON text, secrets are envelope-encrypted text (crypto/envelope.ts).
 */
import type { Generated } from 'kysely';

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  /** 1 while the password is a generated one-time password that must be changed. */
  must_change_password: number;
  created_at: string;
  disabled_at: string | null;
}

export interface RoleAssignmentsTable {
  id: string;
  user_id: string;
  role: string;
  /** `system`, `tenant`, `global_account` or `subaccount`. */
  scope_type: string;
  /** Id of the tenant/account; `*` for system roles. */
  scope_id: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  /** First characters of the token, so that a person can tell tokens apart. */
  token_prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the session cookie value. */
  id_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  at: string;
  action: string;
  outcome: string;
  actor_type: string;
  actor_id: string | null;
  actor_name: string | null;
  tenant_id: string | null;
  target_type: string | null;
  target_id: string | null;
  /** JSON object; never holds a secret (audit/ refuses secret-looking fields). */
  details: string;
  request_id: string | null;
}

export interface IdentityZonesTable {
  id: string;
  subdomain: string;
  name: string;
  created_at: string;
}

export interface OAuthClientsTable {
  id: string;
  zone_id: string;
  client_id: string;
  xsappname: string;
  credential_types: string;
  authorities: string;
  service_instance_id: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface ClientCredentialsTable {
  id: string;
  client_pk: string;
  credential_type: string;
  binding_id: string | null;
  secret_hash: string | null;
  cert_fingerprint: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  /** When a token was last issued with this credential (observed use; updated at most once a minute). */
  last_token_at: string | null;
}

export interface SigningKeysTable {
  kid: string;
  private_key_sealed: string;
  public_jwk: string;
  created_at: string;
  activates_at: string;
  retired_at: string | null;
}

export interface GlobalAccountsTable {
  id: string;
  name: string;
  created_at: string;
}

export interface SubaccountsTable {
  id: string;
  global_account_id: string;
  name: string;
  subdomain: string;
  region: string;
  created_at: string;
}

export interface CalmTenantsTable {
  id: string;
  subaccount_id: string;
  name: string;
  provisioned_on: string;
  created_at: string;
}

export interface ServiceInstancesTable {
  id: string;
  subaccount_id: string;
  name: string;
  offering: string;
  plan: string;
  xsappname: string;
  client_id: string;
  credential_types: string;
  authorities: string;
  parameters: string;
  origin: string;
  created_at: string;
  /** The instance secret shared by its instance-secret bindings, sealed (context `service_instance_secret:<id>`). */
  instance_secret_sealed: string | null;
}

export interface ServiceBindingsTable {
  id: string;
  instance_id: string;
  subaccount_id: string;
  name: string;
  credential_type: string;
  key_sealed: string;
  secret_fingerprint: string;
  expires_at: string | null;
  origin: string;
  created_at: string;
}

export interface LmServiceKeysTable {
  tenant_id: string;
  id: string;
  name: string;
  source: string;
  key_sealed: string;
  file_name: string | null;
  size_bytes: number;
  client_id: string;
  secret_fingerprint: string;
  binding_id: string | null;
  summary: string;
  warnings: string;
  uploaded_by_id: string | null;
  uploaded_by_name: string;
  uploaded_at: string;
  status: string;
  status_reason: string | null;
  status_at: string | null;
  last_test: string | null;
  deleted_in_btp_at: string | null;
}

export interface LmDeletedCredentialsTable {
  secret_fingerprint: string;
  client_id: string;
  binding_id: string;
  deleted_at: string;
}

/** Calls per zone, client id, client address, UTC day and kind (migration 018; landscape/client-calls.ts). */
export interface LmClientCallsTable {
  zone_id: string;
  client_id: string;
  client_address: string;
  day: string;
  kind: string;
  calls: number;
  last_at: string;
}

/** A deleted slot key within its recovery window (migration 018): `slot_row` is the slot row as JSON, still sealed. */
export interface LmDeletedKeysTable {
  tenant_id: string;
  id: string;
  name: string;
  client_id: string;
  deleted_at: string;
  deleted_by_id: string | null;
  deleted_by_name: string;
  slot_row: string;
}

/** A staged rotation of a tenant's service key (migration 020, landscape/rotation.service.ts). */
export interface LmKeyRotationsTable {
  id: string;
  tenant_id: string;
  active_tenant_id: string | null;
  mode: string;
  state: string;
  hold: number;
  grace_seconds: number;
  subaccount_id: string;
  old_key_id: string;
  old_client_id: string;
  old_binding_id: string | null;
  instance_id: string | null;
  new_binding_id: string | null;
  pending_key_id: string | null;
  pending_key_sealed: string | null;
  pending: string | null;
  previous_key_sealed: string | null;
  started_by_id: string;
  started_by_name: string;
  created_at: string;
  updated_at: string;
  promoted_at: string | null;
  delete_due_at: string | null;
  finished_at: string | null;
  lease_until: string | null;
  steps: string;
  failure: string | null;
}

/** One running Test Service Key per tenant (migration 007). */
export interface LmTestLeasesTable {
  tenant_id: string;
  lease_id: string;
  held_by: string;
  started_at: string;
  expires_at: string;
}

/** A stored Test Service Key result (manual or scheduled), the last 50 per tenant (migration 017). */
export interface LmKeyTestsTable {
  tenant_id: string;
  seq: number;
  id: string;
  key_id: string;
  tested_at: string;
  trigger: string;
  tested_by: string;
  status: string;
  reason: string | null;
  failed_step: string | null;
  summary: string;
}

/** When a tenant's slot is re-tested next (migration 017); claimed by compare-and-set. */
export interface LmTestScheduleTable {
  tenant_id: string;
  next_test_at: string;
  last_scheduled_at: string | null;
}

export interface LmManagedObjectsTable {
  id: string;
  tenant_id: string;
  kind: string;
  name: string;
  object_type: string;
  external_id: string | null;
  lms_id: string | null;
  monitoring_enabled: number;
  source: string;
  created_at: string;
  registered_at: string | null;
  last_push_at: string | null;
  last_push_client_id: string | null;
}

export interface AlmMetricPointsTable {
  seq: Generated<number>;
  tenant_id: string;
  service_id: string;
  name: string;
  unit: string;
  kind: string;
  time: string;
  value: number;
  count: number | null;
  /** JSON object: the point attributes (from migration 010 on; before, merged with the resource). */
  attributes: string;
  received_at: string;
  /** JSON objects (migration 010): the resource attributes, the scope, the OTLP detail (notes in alm-api/README.md). */
  resource: Generated<string>;
  scope: Generated<string>;
  detail: Generated<string>;
}

export interface AlmLogRecordsTable {
  seq: Generated<number>;
  tenant_id: string;
  service_id: string;
  use_case: string;
  time: string;
  severity: string;
  body: string;
  attributes: string;
  received_at: string;
  /** JSON objects (migration 010): the resource attributes, the scope, the OTLP detail of the record. */
  resource: Generated<string>;
  scope: Generated<string>;
  detail: Generated<string>;
}

export interface StatusEventsTable {
  id: string;
  tenant_id: string;
  object_id: string;
  object_type: string;
  service_name: string;
  service_type: string;
  lms_id: string;
  event_type: string;
  title: string;
  description: string;
  start_time: string;
  end_time: string | null;
  created_at: string;
  created_by: string;
  changed_at: string;
  changed_by: string;
  closed_at: string | null;
  closed_by: string | null;
}

/** Projects and tasks of the Cloud ALM API (migration 012, src/projects/). */
export interface CalmProjectsTable {
  tenant_id: string;
  id: string;
  name: string;
  description: string | null;
  status: string;
  created_at: string;
  created_by: string;
}

export interface CalmProjectTimeboxesTable {
  tenant_id: string;
  id: string;
  project_id: string;
  type: number;
  name: string;
  start_date: string;
  end_date: string;
  closed: number;
}

export interface CalmProjectTeamsTable {
  tenant_id: string;
  id: string;
  project_id: string;
  name: string;
}

export interface CalmTasksTable {
  tenant_id: string;
  id: string;
  project_id: string;
  parent_id: string | null;
  type: string;
  title: string;
  description: string | null;
  status: string;
  sub_status: string | null;
  priority_id: number;
  due_date: string | null;
  external_id: string | null;
  assignee_id: string | null;
  timebox_id: string | null;
  story_points: number | null;
  obsolete: number;
  created_at: string;
  created_by: string;
  last_changed_at: string;
  last_changed_by: string;
}

export interface CalmTaskCommentsTable {
  tenant_id: string;
  id: string;
  task_id: string;
  text: string;
  created_at: string;
  created_by: string;
}

export interface CalmTaskReferencesTable {
  tenant_id: string;
  id: string;
  task_id: string;
  name: string;
  url: string;
  created_at: string;
}

/** Labels of Service Manager resources, one row per key and value (migration 013, btp/README.md "Service Manager"). */
export interface SmLabelsTable {
  subaccount_id: string;
  resource_type: string;
  resource_id: string;
  key: string;
  value: string;
}

/** Operations of the Service Manager API: `state` is `in progress`, `succeeded` or `failed` (migration 013). */
export interface SmOperationsTable {
  subaccount_id: string;
  id: string;
  resource_type: string;
  resource_id: string;
  type: string;
  /** The service-manager instance whose key made the change; null for a person (a `container` plan's visibility). */
  creator_instance_id: string | null;
  state: string;
  description: string;
  /** JSON array of SAP's `{error, description}`. */
  errors: string;
  created_at: string;
  updated_at: string;
}

/** A certificate-expiry threshold already warned for a slot key (migration 019). */
export interface LmCertificateWarningsTable {
  tenant_id: string;
  key_id: string;
  threshold_days: number;
  not_after: string;
  warned_at: string;
}

export interface Database {
  users: UsersTable;
  role_assignments: RoleAssignmentsTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  identity_zones: IdentityZonesTable;
  oauth_clients: OAuthClientsTable;
  client_credentials: ClientCredentialsTable;
  signing_keys: SigningKeysTable;
  global_accounts: GlobalAccountsTable;
  subaccounts: SubaccountsTable;
  calm_tenants: CalmTenantsTable;
  service_instances: ServiceInstancesTable;
  service_bindings: ServiceBindingsTable;
  lm_service_keys: LmServiceKeysTable;
  lm_deleted_credentials: LmDeletedCredentialsTable;
  lm_test_leases: LmTestLeasesTable;
  lm_key_rotations: LmKeyRotationsTable;
  lm_certificate_warnings: LmCertificateWarningsTable;
  lm_client_calls: LmClientCallsTable;
  lm_deleted_keys: LmDeletedKeysTable;
  lm_key_tests: LmKeyTestsTable;
  lm_test_schedule: LmTestScheduleTable;
  lm_managed_objects: LmManagedObjectsTable;
  alm_metric_points: AlmMetricPointsTable;
  alm_log_records: AlmLogRecordsTable;
  sm_labels: SmLabelsTable;
  sm_operations: SmOperationsTable;
  status_events: StatusEventsTable;
  calm_projects: CalmProjectsTable;
  calm_project_timeboxes: CalmProjectTimeboxesTable;
  calm_project_teams: CalmProjectTeamsTable;
  calm_tasks: CalmTasksTable;
  calm_task_comments: CalmTaskCommentsTable;
  calm_task_references: CalmTaskReferencesTable;
  rate_limit_windows: RateLimitWindowsTable;
  outbox_events: OutboxEventsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  dev_clock: DevClockTable;
  faults: FaultsTable;
}

/** One fixed window of one rate limit (src/store/window-counter.ts). */
export interface RateLimitWindowsTable {
  counter: string;
  key: string;
  count: number;
  ends_at: string;
}

/** One event of the transactional outbox (src/store/outbox.ts, migration 015): JSON payload, never a secret. */
export interface OutboxEventsTable {
  id: string;
  topic: string;
  payload: string;
  request_id: string | null;
  created_at: string;
  available_at: string;
  attempts: number;
  claimed_by: string | null;
  claimed_until: string | null;
  delivered_at: string | null;
  last_error: string | null;
}

/** A webhook subscription of a tenant (src/webhooks/, migration 016); the signing secret is sealed. */
export interface WebhookSubscriptionsTable {
  tenant_id: string;
  id: string;
  url: string;
  /** JSON array of event types; `[]` is every event. */
  events: string;
  enabled: number;
  secret_sealed: string;
  created_by_id: string | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

/** One event for one subscription, sent until delivered or given up (24 h). */
export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** One attempt of a delivery: the delivery log. */
export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  tenant_id: string;
  subscription_id: string;
  at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

/** One injected fault (faults/, migration 021): a system-wide test setting, not a tenant's data; never a secret. */
export interface FaultsTable {
  id: string;
  target: string;
  route: string | null;
  client_id: string | null;
  kind: string;
  status: number | null;
  latency_ms: number | null;
  retry_after_seconds: number | null;
  probability: number;
  created_at: string;
  expires_at: string | null;
  created_by_id: string;
  created_by_name: string;
}

/** The offset of the development clock (src/dev-clock, migration 022): one row, id 'clock'. */
export interface DevClockTable {
  id: string;
  /** bigint: PostgreSQL's driver reads it as text, so readers convert with Number(). */
  offset_ms: number | string;
  changed_at: string | null;
}
