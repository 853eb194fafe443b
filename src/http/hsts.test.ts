import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HSTS_DEFAULT_MAX_AGE_SECONDS, hstsHeaderValue } from './hsts.js';

test('HSTS: one year for a real host name, never includeSubDomains; none for a loopback host unless configured', () => {
  assert.equal(HSTS_DEFAULT_MAX_AGE_SECONDS, 365 * 24 * 3600);
  assert.equal(hstsHeaderValue('https://calm.example.com', undefined), 'max-age=31536000');
  assert.equal(hstsHeaderValue('https://10.1.2.3:8443', undefined), 'max-age=31536000');
  for (const url of [
    'https://localhost:8443',
    'https://LOCALHOST',
    'https://calm.localhost:8443',
    'https://127.0.0.1:8443',
    'https://127.9.9.9',
    'https://[::1]:8443',
  ]) {
    assert.equal(hstsHeaderValue(url, undefined), undefined, url);
  }
  assert.equal(hstsHeaderValue('https://localhost:8443', 600), 'max-age=600');
  assert.equal(hstsHeaderValue('https://calm.example.com', 0), 'max-age=0');
});
