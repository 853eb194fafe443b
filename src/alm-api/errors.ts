/**
 * Every error code the Cloud ALM API answers (`/api`), in one typed catalogue like landscape/errors.ts. The
 * bearer token's refusals by the verifier are XSUAA's (`token.*`, xsuaa/errors.ts). A code is stable once
 * released: callers branch on it. This file imports nothing, so that any module may import it
 * (.dependency-cruiser.cjs, `error-catalogues-are-leaves`; docs/ARCHITECTURE.md, "Add an error code").
 */

/** The prefix the time-window rule (shared/time-window.ts) puts before `bad_time`, `bad_period`, `window_too_long`. */
export const ALM_TIME_WINDOW_PREFIX = 'alm';

export const ALM_ERRORS = {
  token_missing: 'alm.token_missing',
  /** The token is valid but carries no Cloud ALM tenant. */
  no_tenant: 'alm.no_tenant',
  invalid_payload: 'alm.invalid_payload',
  /** A body sent as application/x-protobuf that does not decode as the OTLP message. */
  invalid_protobuf: 'alm.invalid_protobuf',
  /** 415: an OTLP push in a media type other than application/json or application/x-protobuf. */
  unsupported_media_type: 'alm.unsupported_media_type',
  too_many_records: 'alm.too_many_records',
  too_many_points: 'alm.too_many_points',
  service_id_missing: 'alm.service_id_missing',
  use_case_missing: 'alm.use_case_missing',
  service_not_found: 'alm.service_not_found',
  monitoring_disabled: 'alm.monitoring_disabled',
  /** `GET /calm-landscape/v1/properties` without `lmsId`. */
  lms_id_missing: 'alm.lms_id_missing',
  landscape_object_not_found: 'alm.landscape_object.not_found',
  /** Raw Data reads (raw-*-read.ts): a required parameter missing (metrics, 400), or on the logs read (428, as live). */
  parameter_missing: 'alm.parameter_missing',
  precondition_required: 'alm.precondition_required',
  unknown_provider: 'alm.unknown_provider',
  bad_parameter: 'alm.bad_parameter',
  /** The logs read's answer to `$top`, `top`, `pageSize`, `page` (live: 400 "Unknown filter"). */
  unknown_filter: 'alm.unknown_filter',
  /** 403 "Response total count is over the limit": more rows than the limit, without `onLimit=truncate`. */
  over_limit: 'alm.over_limit',
  bad_time: `${ALM_TIME_WINDOW_PREFIX}.bad_time`,
  bad_period: `${ALM_TIME_WINDOW_PREFIX}.bad_period`,
  window_too_long: `${ALM_TIME_WINDOW_PREFIX}.window_too_long`,
} as const;

export type AlmErrorCode = (typeof ALM_ERRORS)[keyof typeof ALM_ERRORS];
