import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_SCOPES, MASTER_XSAPPNAME, MONITORING_SCOPES, resolveAuthority } from './scopes.js';

const api = (names: string[]) => names.map((n) => `${MASTER_XSAPPNAME}.calm-api.${n}`);

// SAP's API Scopes table for the areas calm-keys serves (alm-api/README.md, "Scopes")
const RAW_DATA = api([
  'metrics.write',
  'metrics.read',
  'hm.write',
  'hm.read',
  'logs.write',
  'logs.read',
  'exm.write',
  'exm.read',
  'bsm.write',
  'bsm.read',
  'integration-monitoring.write',
  'integration-monitoring.read',
]);

test('a monitoring-era key carries every Raw Data scope and the landscape read, nothing of implementation', () => {
  assert.deepEqual([...MONITORING_SCOPES].sort(), [...RAW_DATA, ...api(['landscape.read']), 'uaa.resource'].sort());
});

test('a key from 2023-10-16 carries monitoring, landscape registration, projects, tasks and transport management', () => {
  const expected = [
    ...RAW_DATA,
    ...api(['landscape.read', 'landscape.write', 'projects.write', 'projects.read', 'tasks.write', 'tasks.read']),
    `${MASTER_XSAPPNAME}.imp-cdm-feature-display-ui`,
    `${MASTER_XSAPPNAME}.imp-cdm-feature-manage-ui`,
    'uaa.resource',
  ];
  assert.deepEqual([...ALL_SCOPES].sort(), expected.sort());
  for (const scope of MONITORING_SCOPES) assert.ok(ALL_SCOPES.includes(scope), `${scope} is kept from 2023-10-16`);
  for (const set of [MONITORING_SCOPES, ALL_SCOPES]) assert.equal(new Set(set).size, set.length, 'no duplicates');
});

/** The scopes the Cloud ALM API's routes ask for: every `as('<area>.<action>')` or `as([...])` of their files. */
function scopesTheRoutesNeed(): Map<string, string[]> {
  const dir = join(import.meta.dirname, '..', 'http', 'routes', 'alm-api');
  const needs = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.routes.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const call of source.matchAll(/\bas\(\s*(\[[^\]]*\]|'[^']*')\s*\)/g))
      needs.set(
        `${file}: ${call[1]}`,
        [...call[1]!.matchAll(/'([^']+)'/g)].map((m) => m[1]!),
      );
  }
  return needs;
}

test('a key from 2023-10-16 can call every endpoint of the Cloud ALM API; a monitoring key every Raw Data one', () => {
  const needs = scopesTheRoutesNeed();
  assert.ok(needs.size >= 5, `the routes were found: ${[...needs.keys()].join(', ')}`);
  for (const [where, scopes] of needs) {
    for (const scope of api(scopes)) assert.ok(ALL_SCOPES.includes(scope), `${where} needs ${scope}`);
    const rawData = scopes.every((s) => RAW_DATA.includes(api([s])[0]!));
    if (rawData) for (const scope of api(scopes)) assert.ok(MONITORING_SCOPES.includes(scope), `${where}: ${scope}`);
  }
});

test('$XSMASTERAPPNAME resolves to the master application; other names are kept as given', () => {
  assert.equal(resolveAuthority('$XSMASTERAPPNAME.calm-api.bsm.read'), `${MASTER_XSAPPNAME}.calm-api.bsm.read`);
  assert.equal(resolveAuthority('uaa.resource'), 'uaa.resource');
  assert.equal(resolveAuthority('$XSMASTERAPPNAMEcalm-api.x'), '$XSMASTERAPPNAMEcalm-api.x');
});
