import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCertificateAuthority, issueCertificate } from '../crypto/index.js';
import {
  certificateExpiry,
  chainNotAfter,
  describeCertificateExpiry,
  reachedThreshold,
  thresholdsCoveredBy,
} from './certificate-expiry.js';
import { SERVICE_KEY_RULES } from './errors.js';
import { exampleA } from './test-support/fixtures.js';
import { validateServiceKey } from './validate.js';

const DAY = 86_400_000;
const now = new Date('2026-12-03T08:00:00Z');
const inDays = (days: number) => new Date(now.getTime() + days * DAY);

test('the state: valid beyond 30 days, warning from 30, critical from 7, expired after the end', () => {
  const cases: [number, string, number][] = [
    [45, 'valid', 45],
    [30.5, 'valid', 30],
    [30, 'warning', 30],
    [8, 'warning', 8],
    [7, 'critical', 7],
    [6.99, 'critical', 6],
    [0.5, 'critical', 0],
    [0, 'critical', 0],
    [-0.001, 'expired', -1],
    [-3, 'expired', -3],
  ];
  for (const [days, state, daysLeft] of cases) {
    const expiry = certificateExpiry(inDays(days), now);
    assert.equal(expiry.state, state, `${days} days`);
    assert.equal(expiry.daysLeft, daysLeft, `${days} days`);
    assert.equal(expiry.notAfter, inDays(days).toISOString());
  }
});

test('the threshold reached is the smallest of 30, 7 and 1 at or above the days left; none beyond 30 or expired', () => {
  const cases: [number, number | undefined][] = [
    [31, undefined],
    [30.0001, undefined],
    [30, 30],
    [20, 30],
    [7.5, 30],
    [7, 7],
    [5, 7],
    [1.01, 7],
    [1, 1],
    [0.2, 1],
    [0, 1],
    [-0.01, undefined],
  ];
  for (const [days, threshold] of cases) assert.equal(reachedThreshold(inDays(days), now), threshold, `${days} days`);
  assert.deepEqual(thresholdsCoveredBy(30), [30]);
  assert.deepEqual(thresholdsCoveredBy(7), [30, 7]);
  assert.deepEqual(thresholdsCoveredBy(1), [30, 7, 1]);
});

test('a chain ends with its first certificate to expire; no certificates, no end', () => {
  const end = chainNotAfter([{ notAfter: inDays(90) }, { notAfter: inDays(5) }, { notAfter: inDays(10) }]);
  assert.equal(end?.toISOString(), inDays(5).toISOString());
  assert.equal(chainNotAfter(undefined), undefined);
  assert.equal(chainNotAfter([]), undefined);
});

test('the sentence says when and what to do', () => {
  assert.match(describeCertificateExpiry(certificateExpiry(inDays(5.5), now)), /expires on .* \(in 5 days\)\. Create/);
  assert.match(describeCertificateExpiry(certificateExpiry(inDays(1.5), now)), /\(in 1 day\)/);
  assert.match(describeCertificateExpiry(certificateExpiry(inDays(0.5), now)), /in less than a day/);
  assert.match(describeCertificateExpiry(certificateExpiry(inDays(-1), now)), /expired on .*fails/);
  assert.doesNotMatch(describeCertificateExpiry(certificateExpiry(inDays(60), now)), /Create/);
});

/** Example A (a binding-secret key LM accepts) with a certificate next to its secret, valid for `days` more. */
async function keyWithCertificate(daysLeft: number): Promise<string> {
  const issuedAt = new Date(now.getTime() - DAY);
  const ca = await createCertificateAuthority('expiry test CA', 3650, issuedAt);
  const leaf = await issueCertificate(ca, {
    commonName: 'expiry-leaf',
    usage: 'client',
    validityDays: daysLeft + 1,
    now: issuedAt,
  });
  const key = exampleA();
  (key['uaa'] as Record<string, unknown>)['certificate'] = `${leaf.certificatePem}${ca.certificatePem}`;
  return JSON.stringify(key);
}

test('validate (and so `key validate`, `key test` and the LM dry run) warns W-cert-expiring within 7 days and W-cert-expired after, never refusing', async () => {
  const rulesAt = async (daysLeft: number, at: Date) =>
    validateServiceKey(await keyWithCertificate(daysLeft), { now: at }).warnings.map((w) => w.rule);
  const soon = validateServiceKey(await keyWithCertificate(5), { now });
  assert.equal(soon.valid, true, JSON.stringify(soon.errors));
  const expiring = soon.warnings.find((w) => w.rule === SERVICE_KEY_RULES.cert_expiring);
  assert.equal(expiring?.path, 'uaa.certificate');
  assert.match(expiring?.message ?? '', /expires in 5 days/);
  assert.equal(SERVICE_KEY_RULES.cert_expiring, 'W-cert-expiring');
  assert.equal(SERVICE_KEY_RULES.cert_expired, 'W-cert-expired');

  assert.ok(!(await rulesAt(20, now)).includes(SERVICE_KEY_RULES.cert_expiring), '20 days left: no warning');
  const expired = validateServiceKey(await keyWithCertificate(2), { now: inDays(3) });
  assert.equal(expired.valid, true, 'an expired certificate is a warning: SAP refuses no key for it');
  assert.ok(expired.warnings.some((w) => w.rule === SERVICE_KEY_RULES.cert_expired));
});
