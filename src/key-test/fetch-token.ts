/**
 * A client-credentials token for a service key, fetched exactly as the key test's first step does it (and
 * as @sap/xssec does): for clients that use the key, such as the reference data collector. Failures throw a
 * DomainError whose message is the step's sentence, with the secret scrubbed.
 */
import type { EgressClient } from '../egress/index.js';
import { DomainError } from '../shared/index.js';
import { readKeyUnderTest, secretsOf } from './key-under-test.js';
import { scrub } from './server-text.js';
import { requestToken, type IssuedToken } from './token-step.js';
import { KEY_TEST_ERRORS } from './errors.js';

export async function fetchClientCredentialsToken(document: unknown, egress: EgressClient): Promise<IssuedToken> {
  const key = readKeyUnderTest(document);
  const outcome = await requestToken(key, egress);
  if (outcome.status === 'failed') {
    const detail = scrub(outcome.detail, secretsOf(key));
    // a refusal (401, 400, any other 4xx but 429) needs a person (another key); anything else (network, 429, 5xx, garbage) may pass on a retry
    const refused = /refused the client credentials|rejected the request|^unexpected HTTP 4(?!29)\d\d /.test(detail);
    throw refused
      ? new DomainError('unauthenticated', KEY_TEST_ERRORS.token_refused, detail)
      : new DomainError('unavailable', KEY_TEST_ERRORS.token_unavailable, detail);
  }
  return outcome.value;
}

export type { IssuedToken };
