import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../shared/index.js';
import { loadConfig } from './load.js';

test('--port 0 gives the mTLS listener a free port too, unless CALM_KEYS_MTLS_PORT says otherwise', () => {
  assert.equal(loadConfig({}, {}).mtlsPort, 8444);
  assert.equal(loadConfig({ port: '0' }, {}).mtlsPort, 0);
  assert.equal(loadConfig({ port: '0' }, { CALM_KEYS_MTLS_PORT: '9444' }).mtlsPort, 9444);
  assert.equal(loadConfig({ port: '9000' }, {}).mtlsPort, 8444);
  assert.equal(loadConfig({ port: '0' }, {}).mtlsPublicUrl, 'https://localhost:0');
});

test('--in-memory: SQLite in memory, refused together with DATABASE_URL', () => {
  assert.equal(loadConfig({ inMemory: 'true' }, {}).sqliteFile, ':memory:');
  assert.match(loadConfig({}, { CALM_KEYS_IN_MEMORY: 'false' }).sqliteFile, /calm-keys\.db$/);
  assert.throws(
    () => loadConfig({ inMemory: 'true' }, { DATABASE_URL: 'postgres://u:secret@db/x' }),
    (error: unknown) =>
      isDomainError(error) &&
      error.code === 'config.invalid' &&
      error.details[0]?.path === '--in-memory' &&
      !/secret/.test(JSON.stringify(error)),
  );
});

test("a seed's ${VAR} reads the environment the config was loaded from, not process.env", () => {
  const config = loadConfig({ seed: 'ci.yaml' }, { CI_SECRET: 'from-this-env' });
  assert.equal(config.seed, 'ci.yaml');
  assert.equal(config.seedVariable('CI_SECRET'), 'from-this-env');
  assert.equal(config.seedVariable('PATH'), undefined);
  assert.doesNotMatch(JSON.stringify(config), /from-this-env/, 'the environment is not data of the config');
});
