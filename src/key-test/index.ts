/** The online test of a service key (token, signature, claims, optional API call), for the CLI and Landscape Management. */
export { testServiceKey } from './test-service-key.js';
export { readKeyUnderTest, type KeyUnderTest } from './key-under-test.js';
export { DEFAULT_API_PROBE_PATH } from './api-step.js';
export type { KeyTestOptions, KeyTestResult, KeyTestStep, KeyTestStepId, KeyTestStepStatus } from './key-test.types.js';
export { fetchClientCredentialsToken, type IssuedToken } from './fetch-token.js';
export { KEY_TEST_ERRORS, type KeyTestErrorCode } from './errors.js';
