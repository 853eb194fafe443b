import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHostAllowList, parseHostPattern } from './host-allow-list.js';

const allows = (patterns: string[], url: string): boolean =>
  createHostAllowList(patterns)?.allows(new URL(url)) ?? true;

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
    assert.throws(
      () => parseHostPattern(bad),
      (e: Error) => e.message.includes(`"${bad}"`),
      bad,
    );
  }
});

test('a trailing-dot host is refused outright, with the reason, even when the same host without the dot is allowed', () => {
  const list = createHostAllowList(['localhost:8443', '*.alm.cloud.sap'])!;
  for (const url of [
    'https://localhost.:8443/',
    'https://LOCALHOST.:8443/',
    'https://eu10.alm.cloud.sap./api',
    'https://localhost..:8443/',
  ]) {
    assert.equal(list.allows(new URL(url)), false, url);
    assert.match(list.refusal(new URL(url)) ?? '', /ends with a dot/, url);
  }
  assert.equal(list.refusal(new URL('https://localhost:8443/')), undefined);
});

test('a host with an empty label is refused, also under an allowed wildcard', () => {
  const list = createHostAllowList(['*.alm.cloud.sap'])!;
  assert.equal(list.allows(new URL('https://x..alm.cloud.sap/')), false);
  assert.match(list.refusal(new URL('https://x..alm.cloud.sap/')) ?? '', /empty label/);
});

test('hosts and patterns are compared in the canonical form the URL parser gives them', () => {
  // the URL parser already folds case, IPv4 shorthand (127.1, 0x7f.0.0.1, 2130706433) and IPv6 spellings
  for (const url of ['https://LOCALHOST:8443/', 'https://LocalHost:8443/'])
    assert.equal(allows(['localhost:8443'], url), true, url);
  for (const url of ['https://127.1:8443/', 'https://0x7f.0.0.1:8443/', 'https://2130706433:8443/'])
    assert.equal(allows(['127.0.0.1:8443'], url), true, url);
  // a pattern is folded the same way, so the spelling of the pattern does not matter either
  assert.equal(allows(['127.1:8443'], 'https://127.0.0.1:8443/'), true);
  assert.equal(allows(['[0:0:0:0:0:0:0:1]:8443'], 'https://[::1]:8443/'), true);
  assert.equal(allows(['LOCALHOST:8443'], 'https://localhost:8443/'), true);
  assert.equal(parseHostPattern('127.1:8443').host, '127.0.0.1');
  // other addresses stay other addresses: an IPv4-mapped IPv6 literal is not 127.0.0.1, and is not allowed by it
  assert.equal(allows(['127.0.0.1:8443'], 'https://[::ffff:127.0.0.1]:8443/'), false);
  assert.equal(allows(['localhost:8443'], 'https://127.0.0.1:8443/'), false);
});

test('patterns with a trailing dot or a wildcard over an IP address are refused', () => {
  for (const bad of ['localhost.', 'localhost.:8443', '*.alm.cloud.sap.', '*.127.0.0.1']) {
    assert.throws(
      () => parseHostPattern(bad),
      (e: Error) => e.message.includes(`"${bad}"`),
      bad,
    );
  }
});
