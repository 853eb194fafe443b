/**
 * Every error code of the development clock, in one typed catalogue. A code is stable once released; this file
 * imports nothing (.dependency-cruiser.cjs, `error-catalogues-are-leaves`), so the CLI reacts to it by name.
 */
export const DEV_CLOCK_ERRORS = {
  /** The server runs on real time: it was started without --dev-clock (CALM_KEYS_DEV_CLOCK). */
  not_adjustable: 'clock.not_adjustable',
  /** `by` is not a duration such as 90s, 30m, 13h or 7d, or it is out of bounds. */
  bad_duration: 'clock.bad_duration',
} as const;

export type DevClockErrorCode = (typeof DEV_CLOCK_ERRORS)[keyof typeof DEV_CLOCK_ERRORS];
