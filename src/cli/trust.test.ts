/** One CA rule for every CLI command: --ca, else CALM_KEYS_CA_FILE, else ./data/tls/ca.pem when present; NODE_EXTRA_CA_CERTS kept. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveCaFiles } from '../config/index.js';
import { EgressError } from '../egress/index.js';
import { isTlsTrustFailure } from './trust.js';

const dir = mkdtempSync(join(tmpdir(), 'calm-keys-trust-'));
const file = (name: string) => {
  const path = join(dir, name);
  writeFileSync(path, '-----BEGIN CERTIFICATE-----\n');
  return path;
};
const flagCa = file('flag.pem');
const envCa = file('env.pem');
const extra = file('extra.pem');
const dataDir = join(dir, 'data');
mkdirSync(join(dataDir, 'tls'), { recursive: true });
const localCa = file('data/tls/ca.pem');

const paths = (list: { path: string; from: string }[]) => list.map((f) => `${f.from}=${f.path}`);

test('precedence: --ca, then CALM_KEYS_CA_FILE, then the data directory CA; NODE_EXTRA_CA_CERTS is kept in every case', () => {
  const env = { CALM_KEYS_CA_FILE: envCa, CALM_KEYS_DATA_DIR: dataDir, NODE_EXTRA_CA_CERTS: extra };
  assert.deepEqual(paths(resolveCaFiles([flagCa], env)), [`--ca=${flagCa}`, `NODE_EXTRA_CA_CERTS=${extra}`]);
  assert.deepEqual(
    paths(resolveCaFiles(flagCa, env)),
    [`--ca=${flagCa}`, `NODE_EXTRA_CA_CERTS=${extra}`],
    'a single --ca (server commands) as well',
  );
  assert.deepEqual(paths(resolveCaFiles(undefined, env)), [
    `CALM_KEYS_CA_FILE=${envCa}`,
    `NODE_EXTRA_CA_CERTS=${extra}`,
  ]);
  assert.deepEqual(paths(resolveCaFiles(undefined, { CALM_KEYS_DATA_DIR: dataDir, NODE_EXTRA_CA_CERTS: extra })), [
    `data directory=${localCa}`,
    `NODE_EXTRA_CA_CERTS=${extra}`,
  ]);
  assert.deepEqual(
    paths(resolveCaFiles(undefined, { NODE_EXTRA_CA_CERTS: extra, CALM_KEYS_DATA_DIR: join(dir, 'none') })),
    [`NODE_EXTRA_CA_CERTS=${extra}`],
  );
  assert.deepEqual(resolveCaFiles([], { CALM_KEYS_DATA_DIR: join(dir, 'none') }), [], "nothing: node's own roots only");
  assert.deepEqual(
    paths(resolveCaFiles([localCa], { CALM_KEYS_DATA_DIR: dataDir, NODE_EXTRA_CA_CERTS: localCa })),
    [`--ca=${localCa}`],
    'one file is trusted once',
  );
});

test('a CA file named by --ca or CALM_KEYS_CA_FILE that does not exist is an error naming the setting; a missing data-directory CA is skipped', () => {
  assert.throws(
    () => resolveCaFiles([join(dir, 'nope.pem')], {}),
    /--ca names a CA file that does not exist: .*nope\.pem/,
  );
  assert.throws(
    () => resolveCaFiles(undefined, { CALM_KEYS_CA_FILE: join(dir, 'nope.pem') }),
    /CALM_KEYS_CA_FILE names a CA file that does not exist/,
  );
  assert.deepEqual(resolveCaFiles(undefined, { CALM_KEYS_DATA_DIR: join(dir, 'elsewhere') }), []);
});

test("a trust failure is recognised from an egress error and from a step's text; other failures are not", () => {
  assert.equal(
    isTlsTrustFailure(
      new EgressError(
        'tls',
        'TLS with localhost:1 failed: the server certificate is not trusted (SELF_SIGNED_CERT_IN_CHAIN)',
        { target: 'localhost:1' },
      ),
    ),
    true,
  );
  assert.equal(
    isTlsTrustFailure(new Error('TLS with localhost:1 failed: the server certificate is not trusted (X)')),
    true,
  );
  assert.equal(isTlsTrustFailure(new EgressError('connection_refused', 'refused', { target: 'localhost:1' })), false);
  assert.equal(isTlsTrustFailure('HTTP 503'), false);
});
