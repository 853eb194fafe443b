import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from './load.js';
import { isDomainError } from '../shared/index.js';

test('defaults: HTTPS on 8443 at localhost, SQLite under ./data, SAP provisioning cutoffs', () => {
  const config = loadConfig({}, {});
  assert.equal(config.port, 8443);
  assert.equal(config.publicUrl, 'https://localhost:8443');
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.databaseUrl, undefined);
  assert.match(config.sqliteFile, /data\/calm-keys\.db$/);
  assert.deepEqual(
    [config.autoGenerateFrom, config.autoUploadFrom, config.fullScopesFrom],
    ['2023-06-12', '2023-06-14', '2023-10-16'],
  );
  assert.equal(config.adminPassword, undefined, 'no secret has a default');
  assert.equal(config.masterKey, undefined, 'no secret has a default');
});

test('flags override the environment', () => {
  const config = loadConfig({ port: '9000' }, { CALM_KEYS_PORT: '7000', CALM_KEYS_TLS: 'off' });
  assert.equal(config.port, 9000);
  assert.equal(config.publicUrl, 'http://localhost:9000');
});

test('every bad value is named by its variable in one error', () => {
  try {
    loadConfig({}, { CALM_KEYS_PORT: 'eighty', DATABASE_URL: 'mysql://x', CALM_KEYS_AUTO_UPLOAD_FROM: '2023-02-30x' });
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(isDomainError(error));
    assert.match(error.message, /CALM_KEYS_PORT/);
    assert.match(error.message, /DATABASE_URL/);
    assert.match(error.message, /CALM_KEYS_AUTO_UPLOAD_FROM/);
    assert.equal(error.details.length, 3);
  }
});

test('a bad flag is named as a flag', () => {
  assert.throws(() => loadConfig({ logLevel: 'loud' }, {}), /--log-level/);
});

test("SAP Service Manager's request limit: 1000 a minute by default, a whole number from 1", () => {
  assert.equal(loadConfig({}, {}).serviceManagerRequestsPerMinute, 1000);
  assert.equal(loadConfig({}, { CALM_KEYS_SM_REQUESTS_PER_MINUTE: '6' }).serviceManagerRequestsPerMinute, 6);
  for (const bad of ['0', '2.5', 'many'])
    assert.throws(() => loadConfig({}, { CALM_KEYS_SM_REQUESTS_PER_MINUTE: bad }), /CALM_KEYS_SM_REQUESTS_PER_MINUTE/);
});

test('webhook retries: 5 s to start by default, a whole number of milliseconds from 10', () => {
  assert.equal(loadConfig({}, {}).webhookRetryBaseMs, 5000);
  assert.equal(loadConfig({}, { CALM_KEYS_WEBHOOK_RETRY_BASE_MS: '100' }).webhookRetryBaseMs, 100);
  for (const bad of ['0', '9', '2.5', 'soon'])
    assert.throws(() => loadConfig({}, { CALM_KEYS_WEBHOOK_RETRY_BASE_MS: bad }), /CALM_KEYS_WEBHOOK_RETRY_BASE_MS/);
});

test('staged rotation worker: polls every 15 s by default, 100 ms to 1 h', () => {
  assert.equal(loadConfig({}, {}).lmRotationPollMs, 15_000);
  assert.equal(loadConfig({}, { CALM_KEYS_LM_ROTATION_POLL_MS: '200' }).lmRotationPollMs, 200);
  for (const bad of ['0', '99', '3600001', '1.5', 'often'])
    assert.throws(() => loadConfig({}, { CALM_KEYS_LM_ROTATION_POLL_MS: bad }), /CALM_KEYS_LM_ROTATION_POLL_MS/);
});

test('an empty variable counts as unset', () => {
  assert.equal(loadConfig({}, { DATABASE_URL: '' }).databaseUrl, undefined);
});

test('egress allow-list is a comma separated host list', () => {
  assert.deepEqual(loadConfig({}, { CALM_KEYS_EGRESS_ALLOW: 'a.example.invalid, *.alm.cloud.sap' }).egressAllow, [
    'a.example.invalid',
    '*.alm.cloud.sap',
  ]);
  assert.throws(() => loadConfig({}, { CALM_KEYS_EGRESS_ALLOW: 'http://x/' }), /CALM_KEYS_EGRESS_ALLOW/);
});

test('a bad secret value is never echoed in the error', () => {
  const secret = 'sh0rt-S3cret';
  try {
    loadConfig({}, { CALM_KEYS_ADMIN_PASSWORD: 'short', DATABASE_URL: `mysql://u:${secret}@h/db` });
    assert.fail('expected an error');
  } catch (error) {
    assert.ok(isDomainError(error));
    const text = JSON.stringify({ message: error.message, details: error.details });
    assert.ok(!text.includes(secret) && !text.includes('"short"'), text);
  }
});

test('a provisioning cutoff must be a day of the calendar: 2023-02-30 and 2023-02-29 are refused naming the variable, 2024-02-29 is taken', () => {
  assert.equal(loadConfig({}, { CALM_KEYS_FULL_SCOPES_FROM: '2024-02-29' }).fullScopesFrom, '2024-02-29');
  for (const [value, reason] of [
    ['2023-02-30', /2023-02-30 is not a day of the calendar: February 2023 has 28 days/],
    ['2023-02-29', /February 2023 has 28 days/],
    ['2023-13-01', /has no month 13/],
    ['2023-6-12', /expected a calendar date as YYYY-MM-DD/],
  ] as const) {
    assert.throws(
      () => loadConfig({}, { CALM_KEYS_AUTO_GENERATE_FROM: value }),
      (error: unknown) => {
        assert.ok(isDomainError(error));
        assert.deepEqual(
          error.details.map((d) => d.path),
          ['CALM_KEYS_AUTO_GENERATE_FROM'],
        );
        assert.match(error.details[0]!.message, reason);
        return true;
      },
      value,
    );
  }
});

test('CALM_KEYS_LM_DELETED_KEY_RETENTION_DAYS: the recovery window of deleted slot keys, default 7, 0.01 to 365', () => {
  assert.equal(loadConfig({}, {}).lmDeletedKeyRetentionDays, 7);
  assert.equal(loadConfig({}, { CALM_KEYS_LM_DELETED_KEY_RETENTION_DAYS: '30' }).lmDeletedKeyRetentionDays, 30);
  for (const bad of ['0', '366', 'week'])
    assert.throws(
      () => loadConfig({}, { CALM_KEYS_LM_DELETED_KEY_RETENTION_DAYS: bad }),
      (error: unknown) =>
        isDomainError(error) && error.details.some((d) => d.path === 'CALM_KEYS_LM_DELETED_KEY_RETENTION_DAYS'),
      bad,
    );
});

test('CALM_KEYS_CERTIFICATE_EXPIRY_CHECK_HOURS: how often the certificate-expiry sweep runs, default 24, 0.01 to 720', () => {
  assert.equal(loadConfig({}, {}).certificateExpiryCheckHours, 24);
  assert.equal(loadConfig({}, { CALM_KEYS_CERTIFICATE_EXPIRY_CHECK_HOURS: '0.5' }).certificateExpiryCheckHours, 0.5);
  for (const bad of ['0', '721', 'daily'])
    assert.throws(
      () => loadConfig({}, { CALM_KEYS_CERTIFICATE_EXPIRY_CHECK_HOURS: bad }),
      (error: unknown) =>
        isDomainError(error) && error.details.some((d) => d.path === 'CALM_KEYS_CERTIFICATE_EXPIRY_CHECK_HOURS'),
      bad,
    );
});
