import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publicUrlsAfterListen } from './public-urls.js';

test('the public URLs answer only once resolved, and are resolved once', () => {
  const pending = publicUrlsAfterListen();
  assert.throws(() => pending.urls.public(), /read before the listeners were bound/);
  assert.throws(() => pending.urls.mtls(), /read before the listeners were bound/);
  pending.resolve({ public: 'https://localhost:40001', mtls: undefined });
  assert.equal(pending.urls.public(), 'https://localhost:40001');
  assert.equal(pending.urls.mtls(), undefined, 'no mTLS listener');
  assert.throws(() => pending.resolve({ public: 'https://localhost:1', mtls: undefined }), /resolved once/);
  assert.equal(pending.urls.public(), 'https://localhost:40001', 'a second resolve changes nothing');
});
