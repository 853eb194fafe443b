/**
 * Every error code the BTP control plane answers, in one typed catalogue (like landscape/errors.ts): the
 * services and the `/v1` and `/btp/v1` routes throw these, the routes' `errors` lists name them, and the CLI imports
 * them. A code is stable once released: callers branch on it. This file imports nothing, so that any module
 * may import it (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */
export const BTP_ERRORS = {
  global_account_not_found: 'global_account.not_found',
  /** The Accounts service API (`/accounts/v1`): a caller administering several global accounts names one. */
  global_account_required: 'btp.global_account_required',
  subaccount_not_found: 'subaccount.not_found',
  instance_not_found: 'service_instance.not_found',
  binding_not_found: 'service_binding.not_found',
  bad_region: 'btp.bad_region',
  subdomain_taken: 'btp.subdomain_taken',
  /** `provisionedOn` is not a day of the calendar. */
  bad_date: 'btp.bad_date',
  already_subscribed: 'btp.already_subscribed',
  bad_parameters: 'btp.bad_parameters',
  bad_instance_name: 'btp.bad_instance_name',
  bad_binding_name: 'btp.bad_binding_name',
  /** A manual binding name has the pattern SAP reserves for generated bindings. */
  reserved_binding_name: 'btp.reserved_binding_name',
  bad_validity: 'btp.bad_validity',
  instance_exists: 'btp.instance_exists',
  /** A binding name given with neither an id nor a unique instance name. */
  ambiguous_instance: 'btp.ambiguous_instance',
  credential_type_not_allowed: 'btp.credential_type_not_allowed',
  x509_unavailable: 'btp.x509_unavailable',
  binding_exists: 'btp.binding_exists',
  binding_limit: 'btp.binding_limit',
  /** The x509 key-generation queue is full (503 with Retry-After). */
  key_generation_busy: 'btp.key_generation_busy',
  /** SAP Service Manager's request limits, emulated per caller (429 with Retry-After). */
  rate_limited: 'btp.rate_limited',
  /** An instance names an offering, plan or plan id the catalog does not have. */
  unknown_offering: 'btp.unknown_offering',
  unknown_plan: 'btp.unknown_plan',
  /** The Service Manager API's bearer checks (sm-auth.ts). */
  sm_token_missing: 'btp.sm_token_missing',
  sm_token_not_service_manager: 'btp.sm_token_not_service_manager',
  sm_scope_missing: 'btp.sm_scope_missing',
  /** The `/v1` Service Manager API (sm-*.ts): queries, paging, the subaccount of a person's call, operations. */
  sm_bad_query: 'btp.sm_bad_query',
  sm_bad_paging: 'btp.sm_bad_paging',
  sm_subaccount_required: 'btp.sm_subaccount_required',
  sm_operation_in_progress: 'btp.sm_operation_in_progress',
  /** Only a person or a subaccount-admin key creates service-manager instances and bindings (sm-privileges.ts). */
  sm_service_manager_admin_only: 'btp.sm_service_manager_admin_only',
  /** `GET /v1/service_instances/{id}/parameters` of an offering that is not `instances_retrievable` (sm-parameters.ts). */
  sm_parameters_not_retrievable: 'btp.sm_parameters_not_retrievable',
  offering_not_found: 'service_offering.not_found',
  plan_not_found: 'service_plan.not_found',
  platform_not_found: 'platform.not_found',
  operation_not_found: 'operation.not_found',
} as const;

export type BtpErrorCode = (typeof BTP_ERRORS)[keyof typeof BTP_ERRORS];
