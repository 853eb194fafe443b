import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { createServer } from 'node:https';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createCertificateAuthority, issueCertificate } from './ca.js';
import { loadOrCreateLocalTls } from './local-tls.js';
import { describeCertificatePem } from './certificate.js';

test('an issued client certificate chains to its CA and carries the requested subject', async () => {
  const ca = await createCertificateAuthority('test CA');
  const leaf = await issueCertificate(ca, {
    commonName: 'binding-1',
    subjectSuffix: 'OU=acme-calm',
    usage: 'client',
    validityDays: 7,
    key: { kind: 'rsa', bits: 2048 },
  });
  const cert = new X509Certificate(leaf.certificatePem);
  assert.ok(cert.verify(new X509Certificate(ca.certificatePem).publicKey));
  assert.match(cert.subject, /CN=binding-1/);
  assert.equal(createPrivateKey(leaf.privateKeyPem).asymmetricKeyDetails?.modulusLength, 2048);
  const [described] = describeCertificatePem(leaf.certificatePem);
  const days = (described!.notAfter.getTime() - described!.notBefore.getTime()) / 86_400_000;
  assert.ok(days > 6.9 && days < 7.1, `validity ${days} days`);
});

test('local TLS: created once with private keys at mode 0600, reused afterwards', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ck-tls-'));
  const first = await loadOrCreateLocalTls(dir);
  assert.deepEqual(first.created, ['ca', 'server-certificate']);
  assert.equal(statSync(join(dir, 'ca-key.pem')).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'server-key.pem')).mode & 0o777, 0o600);
  const again = await loadOrCreateLocalTls(dir);
  assert.deepEqual(again.created, []);
  assert.equal(again.server.certificatePem, first.server.certificatePem);
  const more = await loadOrCreateLocalTls(dir, ['calm.example.invalid']);
  assert.deepEqual(more.created, ['server-certificate'], 'a new host name re-issues the server certificate');
});

test('a TLS client that trusts only the local CA connects to https://localhost with the server certificate', async () => {
  const tls = await loadOrCreateLocalTls(mkdtempSync(join(tmpdir(), 'ck-tls-')));
  const server = createServer({ cert: tls.server.certificatePem, key: tls.server.privateKeyPem }, (_req, res) =>
    res.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    for (const host of ['localhost', '127.0.0.1']) {
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host, port, path: '/', ca: tls.ca.certificatePem }, (res) => {
          let data = '';
          res.on('data', (c) => (data += c));
          res.on('end', () => resolve(data));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(body, 'ok');
    }
  } finally {
    server.close();
  }
});
