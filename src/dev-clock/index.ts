/** The development clock (`calm-keys serve --dev-clock`): fast-forward calm-keys' time for tests. See README.md. */
export {
  createDevClock,
  DEFAULT_CLOCK_POLL_MS,
  MAX_ADVANCE_MS,
  MAX_OFFSET_MS,
  type DevClock,
  type DevClockDeps,
} from './dev-clock.service.js';
export { DEV_CLOCK_ERRORS, type DevClockErrorCode } from './errors.js';
export * as devClockViews from './dev-clock.view.js';
