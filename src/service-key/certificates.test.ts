import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCertificateAuthority, issueCertificate } from '../crypto/index.js';
import { validateServiceKey } from './validate.js';
import { describeServiceKey } from './describe.js';
import { exampleB } from './test-support/fixtures.js';

const DAY = 86_400_000;
const issuedAt = new Date('2026-03-01T12:00:00Z');

/** Example B with a real chain: a 7-day client certificate (XSUAA's default) and its CA. */
async function x509Key(validityDays = 7): Promise<Record<string, unknown>> {
  const ca = await createCertificateAuthority('calm-keys test CA', 3650, issuedAt);
  const leaf = await issueCertificate(ca, {
    commonName: 'binding-b1',
    subjectSuffix: 'OU=globex-calm',
    usage: 'client',
    validityDays,
    now: issuedAt,
  });
  const key = exampleB();
  const uaa = key['uaa'] as Record<string, unknown>;
  uaa['certificate'] = `${leaf.certificatePem}${ca.certificatePem}`;
  uaa['key'] = leaf.privateKeyPem;
  return key;
}

test("an x509 key's chain is described leaf first, with dates and flags; LM still refuses the key", async () => {
  const key = await x509Key();
  const report = validateServiceKey(JSON.stringify(key), { now: new Date(issuedAt.getTime() + DAY) });
  assert.deepEqual(
    report.errors.map((e) => e.rule),
    ['F3', 'F4'],
  );
  const chain = report.key?.summary.certificates ?? [];
  assert.equal(chain.length, 2);
  assert.match(chain[0]!.subject, /CN=binding-b1/);
  assert.match(chain[0]!.issuer, /CN=calm-keys test CA/);
  assert.match(chain[1]!.subject, /CN=calm-keys test CA/);
  assert.equal(chain[0]!.expired, false);
  assert.equal(chain[0]!.notAfter.getTime(), issuedAt.getTime() + 7 * DAY);
  assert.match(chain[0]!.fingerprintSha256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
});

test("a certificate that expires within 7 days is warned about (XSUAA's default validity is 7 days)", async () => {
  const report = validateServiceKey(JSON.stringify(await x509Key(7)), {
    now: new Date(issuedAt.getTime() + 2.5 * DAY),
  });
  const expiring = report.warnings.filter((w) => w.rule === 'W-cert-expiring');
  assert.equal(expiring.length, 1);
  assert.equal(expiring[0]!.path, 'uaa.certificate');
  assert.match(expiring[0]!.message, /certificate 1 of 2 \(CN=binding-b1, OU=globex-calm\) expires in 4 days/);
});

test('a certificate valid for longer than 7 days gives no expiry warning', async () => {
  const report = validateServiceKey(JSON.stringify(await x509Key(30)), { now: issuedAt });
  assert.deepEqual(
    report.warnings.filter((w) => w.rule?.startsWith('W-cert')),
    [],
  );
});

test('an expired certificate is warned about and flagged in the summary', async () => {
  const now = new Date(issuedAt.getTime() + 8 * DAY);
  const report = validateServiceKey(JSON.stringify(await x509Key(7)), { now });
  assert.deepEqual(
    report.warnings.filter((w) => w.rule === 'W-cert-expired').map((w) => w.path),
    ['uaa.certificate'],
  );
  assert.equal(report.key?.summary.certificates?.[0]?.expired, true);
  assert.equal(describeServiceKey(report.key!.document, { now }).certificates?.[0]?.expired, true);
});

test('a certificate that is not valid yet is warned about (a wrong clock)', async () => {
  const report = validateServiceKey(JSON.stringify(await x509Key(7)), { now: new Date(issuedAt.getTime() - DAY) });
  assert.ok(report.warnings.some((w) => w.rule === 'W-cert-not-yet-valid'));
});

test('an unreadable or mistyped certificate is an error at uaa.certificate, never a thrown exception', () => {
  const key = exampleB();
  const uaa = key['uaa'] as Record<string, unknown>;
  for (const [value, pattern] of [
    ['not a pem', /no PEM certificate found/],
    ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----', /not a valid X\.509 certificate/],
    ['', /it is empty/],
    [{ pem: 'x' }, /must be a PEM string, but it is an object/],
  ] as const) {
    uaa['certificate'] = value;
    const report = validateServiceKey(JSON.stringify(key));
    const problem = report.errors.find((e) => e.path === 'uaa.certificate');
    assert.equal(problem?.rule, 'certificate');
    assert.match(problem!.message, pattern);
  }
});
