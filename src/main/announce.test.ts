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
  assert.match(text, /demo landscape: subaccount "demo-calm".*\n.*\(id svc-1\)\ncalm-keys ready \{.*\}\n$/);
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
    /token endpoint: http:\/\/localhost:8080\/oauth\/token\n {2}health: http:\/\/127\.0\.0\.1:8080\/healthz {2}readiness: http:\/\/127\.0\.0\.1:8080\/readyz\ncalm-keys ready \{.*\}\n$/,
  );
});

/** The JSON of the last line, which must be the last line and the only one starting so. */
function readyLine(text: string): Record<string, unknown> {
  const lines = text.trimEnd().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('calm-keys ready ')).length, 1);
  return JSON.parse(lines.at(-1)!.slice('calm-keys ready '.length)) as Record<string, unknown>;
}

test('the last line is machine-readable: the bound URL and ports, the token and mTLS URLs, the CA file, no secret', () => {
  const text = announced({ ...facts, url: 'https://127.0.0.1:40123', mtlsUrl: 'https://localhost:40124' });
  assert.deepEqual(readyLine(text), {
    url: 'https://127.0.0.1:40123',
    publicUrl: 'https://localhost:8443',
    port: 40123,
    tokenUrl: 'https://localhost:8443/oauth/token',
    mtlsUrl: 'https://localhost:40124',
    mtlsPort: 40124,
    caFile: '/data/tls/ca.pem',
    adminUser: 'admin',
  });
  assert.doesNotMatch(text.trimEnd().split('\n').at(-1)!, /otp-123/);
  const plain = readyLine(announced({ ...facts, url: 'http://127.0.0.1:8080', mtlsUrl: undefined, tls: undefined }));
  assert.equal(plain.mtlsUrl, null);
  assert.equal(plain.mtlsPort, null);
  assert.equal(plain.caFile, null);
});

test('a seeded start says what the seed created, or that everything exists already', () => {
  const none = {
    globalAccounts: 0,
    subaccounts: 0,
    tenants: 0,
    instances: 0,
    bindings: 0,
    landscapeKeys: 0,
    managedObjects: 0,
    users: 0,
  };
  const first = announced({
    ...facts,
    demo: undefined,
    seed: { file: 'ci.yaml', created: { ...none, subaccounts: 1, landscapeKeys: 1 } },
  });
  assert.match(first, /\n {2}seed: ci\.yaml: created 1 subaccount, 1 landscape key\n/);
  const again = announced({ ...facts, demo: undefined, seed: { file: 'ci.yaml', created: none } });
  assert.match(again, /\n {2}seed: ci\.yaml: everything in it exists already\n/);
});

test('an in-memory start says nothing is kept, and asks for no backup of its master key', () => {
  const text = announced({ ...facts, temporaryDataDir: '/tmp/calm-keys-in-memory-x' });
  assert.match(
    text,
    /\n {2}in memory: nothing is kept; \/tmp\/calm-keys-in-memory-x \(master key, local CA\) is removed at exit\n/,
  );
  assert.doesNotMatch(text, /back it up/);
  assert.match(announced(facts), /back it up/);
});
