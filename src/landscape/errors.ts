/**
 * Every error code Landscape Management answers, in one typed catalogue (like the audit catalogue,
 * audit/catalog.ts): services and the `/lm/v1` routes throw these, and the CLI reacts to them by name.
 * A code is stable once released: callers branch on it. This file imports nothing, so that any module,
 * the CLI included, may import it (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */

/** Every code of this catalogue starts so: the CLI tells a refusal by Landscape Management by it. */
export const LANDSCAPE_ERROR_PREFIX = 'lm.';

/** The prefix the time-window rule (shared/time-window.ts) puts before `bad_time`, `bad_period`, `window_too_long`. */
export const METRICS_ERROR_PREFIX = 'lm.metrics';

export const LANDSCAPE_ERRORS = {
  /** An unknown tenant, or one in which the caller has no role: the two read the same. */
  tenant_not_found: 'lm.tenant.not_found',
  slot_empty: 'lm.slot_empty',
  slot_full: 'lm.slot_full',
  /** The slot holds another key than the one a delete named. */
  key_changed: 'lm.key_changed',
  key_too_large: 'lm.key_too_large',
  format_check_failed: 'lm.format_check_failed',
  file_missing: 'lm.file_missing',
  multipart_invalid: 'lm.multipart_invalid',
  test_in_progress: 'lm.test_in_progress',
  /** A rotation of this tenant's key runs already (one at a time). */
  rotation_in_progress: 'lm.rotation.in_progress',
  /** No rotation runs for this tenant (cancel, promote). */
  rotation_not_found: 'lm.rotation.not_found',
  /** The rotation is in a state that does not allow this (cancel after promotion, promote before a green Test). */
  rotation_wrong_state: 'lm.rotation.wrong_state',
  rotation_bad_grace: 'lm.rotation.bad_grace',
  /** A delete of a key used in the last 24 h without `confirm=recently-used` (blast-radius.ts). */
  key_recently_used: 'lm.key_recently_used',
  /** No recently deleted key (with that id) within the recovery window. */
  deleted_key_not_found: 'lm.deleted_key.not_found',
  managed_object_not_found: 'lm.managed_object.not_found',
  managed_object_bad_name: 'lm.managed_object.bad_name',
  managed_object_exists: 'lm.managed_object.exists',
  metrics_unavailable: 'lm.metrics.unavailable',
  metrics_bad_time: `${METRICS_ERROR_PREFIX}.bad_time`,
  metrics_bad_period: `${METRICS_ERROR_PREFIX}.bad_period`,
  metrics_window_too_long: `${METRICS_ERROR_PREFIX}.window_too_long`,
} as const;

export type LandscapeErrorCode = (typeof LANDSCAPE_ERRORS)[keyof typeof LANDSCAPE_ERRORS];
