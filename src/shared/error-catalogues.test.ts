/**
 * The error-code catalogues of all modules (docs/ARCHITECTURE.md, "Add an error code"): each code is written
 * once, in its module's catalogue, and everywhere else by name. Tests spell the wire values on purpose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ACCESS_ERRORS } from '../access/errors.js';
import { ALM_ERRORS } from '../alm-api/errors.js';
import { AUDIT_ERRORS } from '../audit/errors.js';
import { BTP_ERRORS } from '../btp/errors.js';
import { CLI_ERRORS } from '../cli/errors.js';
import { CONFIG_ERRORS } from '../config/errors.js';
import { CRYPTO_ERRORS } from '../crypto/errors.js';
import { EGRESS_ERRORS } from '../egress/errors.js';
import { HTTP_ERRORS } from '../http/error-codes.js';
import { KEY_TEST_ERRORS } from '../key-test/errors.js';
import { LANDSCAPE_ERRORS } from '../landscape/errors.js';
import { MAIN_ERRORS } from '../main/errors.js';
import { PROJECTS_ERRORS } from '../projects/errors.js';
import { SERVICE_KEY_RULES } from '../service-key/errors.js';
import { STATUS_EVENT_ERRORS } from '../service-status/errors.js';
import { STORE_ERRORS } from '../store/error-codes.js';
import { WEBHOOK_ERRORS } from '../webhooks/errors.js';
import { DEV_CLOCK_ERRORS } from '../dev-clock/errors.js';
import { FAULT_ERRORS } from '../faults/errors.js';
import { OAUTH_ERRORS, XSUAA_ERRORS } from '../xsuaa/errors.js';
import { SHARED_ERRORS } from './error-codes.js';

const src = join(import.meta.dirname, '..');

/** Each catalogue file, with the codes it holds. */
const CATALOGUES: Record<string, Readonly<Record<string, string>>> = {
  'access/errors.ts': ACCESS_ERRORS,
  'alm-api/errors.ts': ALM_ERRORS,
  'audit/errors.ts': AUDIT_ERRORS,
  'btp/errors.ts': BTP_ERRORS,
  'cli/errors.ts': CLI_ERRORS,
  'config/errors.ts': CONFIG_ERRORS,
  'crypto/errors.ts': CRYPTO_ERRORS,
  'egress/errors.ts': EGRESS_ERRORS,
  'http/error-codes.ts': HTTP_ERRORS,
  'key-test/errors.ts': KEY_TEST_ERRORS,
  'landscape/errors.ts': LANDSCAPE_ERRORS,
  'main/errors.ts': MAIN_ERRORS,
  'projects/errors.ts': PROJECTS_ERRORS,
  'service-key/errors.ts': SERVICE_KEY_RULES,
  'service-status/errors.ts': STATUS_EVENT_ERRORS,
  'shared/error-codes.ts': SHARED_ERRORS,
  'store/error-codes.ts': STORE_ERRORS,
  'webhooks/errors.ts': WEBHOOK_ERRORS,
  'dev-clock/errors.ts': DEV_CLOCK_ERRORS,
  'faults/errors.ts': FAULT_ERRORS,
  'xsuaa/errors.ts': { ...XSUAA_ERRORS, ...OAUTH_ERRORS },
};

/**
 * Codes distinctive enough to find as literals: ours carry a dot (`btp.bad_region`), rule ids are `F1`-`F5` and
 * `W-...`. RFC 6749 words (`invalid_request`), `internal`, `size` and `certificate` are ordinary words elsewhere.
 */
const distinctive = (code: string) => code.includes('.') || /^(F\d|W-)/.test(code);

function productionFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'test-support' && name !== 'fixtures') productionFiles(path, out);
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

test('no error code is spelled out outside its catalogue: services, routes and the CLI use the names', () => {
  const codes = Object.values(CATALOGUES)
    .flatMap((c) => Object.values(c))
    .filter(distinctive);
  const quoted = new RegExp(`(['"])(${codes.map((c) => c.replace(/[.]/g, '\\.')).join('|')})\\1`);
  const offences: string[] = [];
  for (const file of productionFiles(src)) {
    const name = relative(src, file);
    if (name in CATALOGUES) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const hit = quoted.exec(line);
        if (hit) offences.push(`src/${name}:${i + 1} spells out '${hit[2]}'`);
      });
  }
  assert.deepEqual(offences, [], 'use the catalogue constant (e.g. BTP_ERRORS.bad_region) instead');
});

test('each code belongs to exactly one catalogue, and has the shape of a code', () => {
  // rule ids (a problem's `rule`) are another namespace than error codes: `internal` is both a rule and the 500
  const namespace = (file: string) => (file === 'service-key/errors.ts' ? 'rule' : 'code');
  const owner = new Map<string, string>();
  for (const [file, catalogue] of Object.entries(CATALOGUES)) {
    for (const code of Object.values(catalogue)) {
      const key = `${namespace(file)} ${code}`;
      assert.equal(owner.get(key), undefined, `${code} is in ${owner.get(key)} and ${file}`);
      owner.set(key, file);
      assert.match(code, /^([a-z0-9_]+(\.[a-z0-9_]+)*|F\d|W-[a-z-]+|[a-z]+)$/, `${file}: ${code}`);
    }
  }
});

test('every catalogue is one dependency-cruiser treats as a leaf that anyone may import', () => {
  const config = createRequire(import.meta.url)(join(src, '../.dependency-cruiser.cjs')) as {
    forbidden: { name: string; from: { path: string } }[];
  };
  const leaves = config.forbidden.find((r) => r.name === 'error-catalogues-are-leaves');
  assert.ok(leaves, 'the rule error-catalogues-are-leaves exists');
  const pattern = new RegExp(leaves.from.path);
  for (const file of Object.keys(CATALOGUES)) assert.match(`src/${file}`, pattern);
  // and no other file: an errors.ts that imports (http/errors.ts, store/errors.ts) is no catalogue
  for (const file of productionFiles(src).map((f) => `src/${relative(src, f)}`)) {
    if (pattern.test(file))
      assert.ok(file.slice(4) in CATALOGUES, `${file} is a catalogue in .dependency-cruiser.cjs but not here`);
  }
});
