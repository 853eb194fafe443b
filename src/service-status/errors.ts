/**
 * Every error code of service status events, in one typed catalogue (like landscape/errors.ts). The codes start
 * with `lm.` because the events live under `/lm/v1` and the CLI tells a refusal by Landscape Management by that
 * prefix; an unknown tenant answers Landscape Management's own `lm.tenant.not_found`. A code is stable once
 * released. This file imports nothing (.dependency-cruiser.cjs, `error-catalogues-are-leaves`).
 */
export const STATUS_EVENT_ERRORS = {
  not_found: 'lm.status_event.not_found',
  /** The event names a managed service or system that the tenant does not have. */
  unknown_object: 'lm.status_event.unknown_object',
  bad_time: 'lm.status_event.bad_time',
  /** A closed event is history: it is neither changed nor closed again. */
  not_open: 'lm.status_event.not_open',
  /** A derived event ("No data received ...") is computed from the last push; nobody changes or closes it. */
  derived: 'lm.status_event.derived',
} as const;

export type StatusEventErrorCode = (typeof STATUS_EVENT_ERRORS)[keyof typeof STATUS_EVENT_ERRORS];
