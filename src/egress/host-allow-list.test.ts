import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHostAllowList, parseHostPattern } from './host-allow-list.js';

const allows = (patterns: string[], url: string): boolean => createHostAllowList(patterns)?.allows(new URL(url)) ?? true;

test('host:port allows exactly that host and port', () => {
  assert.equal(allows(['localhost:8443'], 'https://localhost:8443/oauth/token'), true);
  assert.equal(allows(['localhost:8443'], 'https://LOCALHOST:8443/'), true);
  assert.equal(allows(['localhost:8443'], 'https://localhost:8444/'), false);
  assert.equal(allows(['localhost:8443'], 'https://localhost/'), false);
});

test('a pattern without a port allows only the default port of the scheme', () => {
  assert.equal(allows(['auth.example.com'], 'https://auth.example.com/'), true);
  assert.equal(allows(['auth.example.com'], 'https://auth.example.com:443/'), true);
  assert.equal(allows(['auth.example.com'], 'http://auth.example.com/'), true);
  assert.equal(allows(['auth.example.com'], 'https://auth.example.com:8443/'), false);
  assert.equal(allows(['localhost:*'], 'https://localhost:8443/'), true);
});

test('*.domain allows subdomains at any depth but not the domain itself or look-alikes', () => {
  const list = ['*.hana.ondemand.com', '*.alm.cloud.sap'];
  assert.equal(allows(list, 'https://acme.authentication.eu10.hana.ondemand.com/oauth/token'), true);
  assert.equal(allows(list, 'https://eu10.alm.cloud.sap/api'), true);
  assert.equal(allows(list, 'https://hana.ondemand.com/'), false);
  assert.equal(allows(list, 'https://evilhana.ondemand.com/'), false);
  assert.equal(allows(list, 'https://eu10.alm.cloud.sap.evil.example/'), false);
  assert.equal(allows(list, 'https://eu10.alm.cloud.sap:8443/'), false);
});

test('IPv6 literals are matched in brackets', () => {
  assert.equal(allows(['[::1]:8443'], 'https://[::1]:8443/'), true);
  assert.equal(allows(['[::1]:8443'], 'https://127.0.0.1:8443/'), false);
});

test('no list allows everything; an empty list allows nothing', () => {
  assert.equal(createHostAllowList(undefined), undefined);
  assert.equal(allows([], 'https://localhost:8443/'), false);
});

test('bad patterns are refused with a message naming them', () => {
  for (const bad of ['https://localhost', 'host:99999', '*', '*.[::1]', 'a b', '']) {
    assert.throws(() => parseHostPattern(bad), (e: Error) => e.message.includes(`"${bad}"`), bad);
  }
});
