import { test } from 'node:test';
import assert from 'node:assert/strict';
import { announceStart, type StartFacts } from './announce.js';

const facts: StartFacts = {
  version: '9.9.9',
  url: 'https://127.0.0.1:8443',
  publicUrl: 'https://localhost:8443',
  mtlsUrl: 'https://localhost:8444',
  database: { dialect: 'sqlite', location: '/data/calm-keys.db' },
  masterKey: {
    description: 'file /data/master.key',
    created: true,
    warnings: ['/data/master.key is readable by other users'],
  },
  tls: { caFile: '/data/tls/ca.pem', created: ['ca', 'server-certificate'] },
  admin: { username: 'admin', created: true, oneTimePassword: 'otp-123' },
  demo: { subdomain: 'demo-calm', serviceId: 'svc-1' },
};

function announced(f: StartFacts): string {
  let text = '';
  announceStart({ write: (chunk: string) => (text += chunk) }, f);
  return text;
}

test('a first start announces what it created: master key, CA, administrator with its one-time password, demo landscape', () => {
  const text = announced(facts);
  assert.match(
    text,
    /^calm-keys 9\.9\.9 listening on https:\/\/127\.0\.0\.1:8443 \(public URL https:\/\/localhost:8443\)\n/,
  );
  assert.match(text, /master key: file \/data\/master\.key \(GENERATED on this start: back it up/);
  assert.match(text, /WARNING: \/data\/master\.key is readable by other users/);
  assert.match(text, /TLS: local CA \/data\/tls\/ca\.pem \(created: ca, server-certificate\)/);
  assert.match(text, /NODE_EXTRA_CA_CERTS=\/data\/tls\/ca\.pem/);
  assert.match(text, /ONE-TIME PASSWORD for "admin": otp-123\n/);
  assert.match(
    text,
    /token endpoint: https:\/\/localhost:8443\/oauth\/token {2}mTLS \(x509 keys\): https:\/\/localhost:8444\/oauth\/token\n/,
  );
  assert.match(text, /demo landscape: subaccount "demo-calm".*\n.*\(id svc-1\)\n$/);
});

test('a later start on plain HTTP says nothing of a password, a CA, mTLS or a demo', () => {
  const text = announced({
    ...facts,
    url: 'http://127.0.0.1:8080',
    publicUrl: 'http://localhost:8080',
    mtlsUrl: undefined,
    masterKey: { description: 'file /data/master.key', created: false, warnings: [] },
    tls: undefined,
    admin: { username: 'admin', created: false },
    demo: undefined,
  });
  assert.doesNotMatch(text, /GENERATED|WARNING|TLS:|administrator|PASSWORD|mTLS|demo/);
  assert.match(
    text,
    /token endpoint: http:\/\/localhost:8080\/oauth\/token\n {2}health: http:\/\/127\.0\.0\.1:8080\/healthz {2}readiness: http:\/\/127\.0\.0\.1:8080\/readyz\n$/,
  );
});
