import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REV_SIG_LENGTH, revocationSignature } from './revocation-signature.js';

test('rev_sig: 8 hex characters, the same for one credential, different for two', () => {
  const a = revocationSignature('0b9c6a2e-credential-a');
  assert.match(a, new RegExp(`^[0-9a-f]{${REV_SIG_LENGTH}}$`));
  assert.equal(revocationSignature('0b9c6a2e-credential-a'), a);
  assert.notEqual(revocationSignature('0b9c6a2e-credential-b'), a);
});
