/**
 * `calm-keys/testing`: start the real calm-keys server from a test suite (README "Using calm-keys in your
 * tests"). The package's only export besides the CLI; it talks to the server over HTTP like any client.
 */
export { startCalmKeys, type CalmKeys, type StartOptions } from './start.js';
export type { ServiceKey, TokenAnswer } from './keys.js';
export type { FaultSpec, FaultView, FaultControl, ClockControl, ClockView } from './controls.js';
export type { AdminApi } from './http.js';
