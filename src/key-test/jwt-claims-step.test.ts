import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audienceAccepted, checkClaims } from './jwt-claims-step.js';
import type { KeyUnderTest } from './key-under-test.js';

const clientId = 'sb-acme!b1|sapcloudalm!b4711';
const xsappname = 'acme!b1|sapcloudalm!b4711';
const key: KeyUnderTest = { clientId, xsappname, zoneId: 'zone-1', zoneIdField: 'uaa.identityzoneid' };
const now = new Date('2026-01-01T00:00:00Z');
const nowS = now.getTime() / 1000;

test('audience is accepted the way @sap/xssec accepts it', () => {
  assert.equal(audienceAccepted({ aud: [clientId] }, clientId, xsappname), true);
  assert.equal(audienceAccepted({ cid: clientId }, clientId, xsappname), true, 'no aud, cid = clientid');
  assert.equal(audienceAccepted({ scope: [`${xsappname}.read`] }, clientId, xsappname), true, 'no aud: scopes count');
  assert.equal(audienceAccepted({ aud: [`${clientId}.something`] }, clientId, xsappname), true);
  assert.equal(audienceAccepted({ aud: [xsappname] }, clientId, xsappname), true);
  assert.equal(audienceAccepted({ aud: ['other'] }, clientId, xsappname), false);
  assert.equal(
    audienceAccepted({ aud: ['other'], scope: [`${xsappname}.read`] }, clientId, xsappname),
    false,
    'scopes only when aud is empty',
  );
  assert.equal(audienceAccepted({ aud: [`sb-clone!b9|${xsappname}`] }, clientId, xsappname), true, 'broker rule');
  assert.equal(
    audienceAccepted({ aud: [xsappname] }, clientId, undefined),
    false,
    'without xsappname only the client id counts',
  );
});

test('a valid token reports expiry, zone and scopes', () => {
  const outcome = checkClaims({ exp: nowS + 100, aud: [clientId], zid: 'zone-1', scope: ['a', 'b'] }, key, { now });
  assert.equal(outcome.status, 'passed');
  assert.equal(
    outcome.detail,
    `expires in 100 s; audience accepts client ${clientId}; zone zone-1 matches; 2 scopes: a, b`,
  );
});

test('exp is required and must lie ahead; nbf may be at most 60 s ahead', () => {
  assert.match(checkClaims({ aud: [clientId], zid: 'zone-1' }, key, { now }).detail, /no exp claim/);
  assert.match(checkClaims({ exp: nowS, aud: [clientId], zid: 'zone-1' }, key, { now }).detail, /expired 0 s ago/);
  assert.equal(
    checkClaims({ exp: nowS + 100, nbf: nowS + 30, aud: [clientId], zid: 'zone-1' }, key, { now }).status,
    'passed',
  );
  assert.match(
    checkClaims({ exp: nowS + 100, nbf: nowS + 120, aud: [clientId], zid: 'zone-1' }, key, { now }).detail,
    /not valid before/,
  );
});

test('zone: the key zone and the expected zone must both match the token zid', () => {
  const token = { exp: nowS + 100, aud: [clientId], zid: 'zone-1' };
  assert.equal(checkClaims(token, key, { now, expectedZoneId: 'zone-1' }).status, 'passed');
  assert.match(
    checkClaims(token, key, { now, expectedZoneId: 'zone-2' }).detail,
    /issued for zone zone-1, expected zone-2/,
  );
  assert.match(
    checkClaims({ ...token, zid: 'zone-9' }, key, { now }).detail,
    /issued for zone zone-9, the key says zone-1 \(uaa\.identityzoneid\)/,
  );
  assert.match(checkClaims({ exp: nowS + 100, aud: [clientId] }, key, { now }).detail, /carries no zid/);
  const keyWithoutZone: KeyUnderTest = { clientId };
  assert.match(
    checkClaims({ exp: nowS + 100, aud: [clientId] }, keyWithoutZone, { now }).detail,
    /no zone id; no scopes granted/,
  );
});

test('long scope lists are cut after twelve names', () => {
  const scope = Array.from({ length: 15 }, (_, i) => `s${i}`);
  const detail = checkClaims({ exp: nowS + 1, aud: [clientId], zid: 'zone-1', scope }, key, { now }).detail;
  assert.match(detail, /15 scopes: s0, .*s11, and 3 more$/);
});
