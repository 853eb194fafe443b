import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { validateServiceKey } from '../service-key/index.js';
import { EXAMPLE_A_SECRET, exampleABytes, exampleAWith, exampleBBytes } from '../service-key/test-support/fixtures.js';
import { formatValidationReport, formatValidationReportJson, registerKeyValidate } from './key-validate.command.js';
import { CliExit } from './output.js';

const dir = mkdtempSync(join(tmpdir(), 'ck-key-validate-'));
function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Runs `calm-keys key validate ...args` in-process; returns the exit code and what was printed. */
async function run(...args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const program = new Command().exitOverride();
  registerKeyValidate(program.command('key'));
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => void out.push(parts.join(' '));
  console.error = (...parts: unknown[]) => void err.push(parts.join(' '));
  let exitCode = 0;
  try {
    await program.parseAsync(['node', 'calm-keys', 'key', 'validate', ...args]);
  } catch (thrown) {
    if (!(thrown instanceof CliExit)) throw thrown;
    exitCode = thrown.exitCode;
  } finally {
    console.log = log;
    console.error = error;
  }
  return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
}

test('formatValidationReport: a valid key gives one verdict line with type, client and zone', () => {
  assert.equal(
    formatValidationReport(validateServiceKey(exampleABytes()), 'key.json'),
    'valid: key.json (binding-secret, client sb-acme-calm-monitoring!b287513|sapcloudalm!b4711, zone acme-calm)',
  );
});

test('formatValidationReport: an invalid key lists its errors with rule and path, then its warnings', () => {
  const lines = formatValidationReport(
    validateServiceKey(
      exampleAWith({ 'credential-type': 'instance-secret', clientsecret: undefined }, { endpoints: undefined }),
    ),
    'k.json',
  ).split('\n');
  assert.equal(lines[0], 'invalid: k.json');
  assert.match(lines[1]!, /^ {2}error F3 uaa\.clientsecret: uaa\.clientsecret is missing/);
  assert.match(lines[2]!, /^ {2}warning W-api-url endpoints\.Api: /);
  assert.match(lines[3]!, /^ {2}warning W-instance-secret uaa\.credential-type: /);
  assert.equal(lines.length, 4);
});

test('formatValidationReportJson carries the summary and problems, never the secret or the raw key', () => {
  const json = formatValidationReportJson(validateServiceKey(exampleABytes()), 'key.json');
  const parsed = JSON.parse(json) as Record<string, unknown>;
  assert.deepEqual(Object.keys(parsed), ['file', 'valid', 'errors', 'warnings', 'summary']);
  assert.ok(!json.includes(EXAMPLE_A_SECRET.slice(37)));
});

test('key validate: a valid file exits 0 and prints the verdict on stdout', async () => {
  const result = await run(tempFile('a.json', exampleABytes()), '--tenant', 'acme-calm');
  assert.equal(result.exitCode, 0);
  assert.match(
    result.stdout,
    /^valid: .*a\.json \(binding-secret, client sb-acme-calm-monitoring!b287513\|sapcloudalm!b4711, zone acme-calm\)$/,
  );
  assert.equal(result.stderr, '');
});

test('key validate: another tenant exits 1 with the F2 line', async () => {
  const result = await run(tempFile('a2.json', exampleABytes()), '--tenant', 'globex-calm');
  assert.equal(result.exitCode, 1);
  assert.match(
    result.stdout,
    /^invalid: .*\n {2}error F2 uaa\.identityzone: The key belongs to identity zone "acme-calm", but this tenant is "globex-calm"/,
  );
});

test('key validate: the x509 example exits 1 naming F3 and F4', async () => {
  const result = await run(tempFile('b.json', exampleBBytes()));
  assert.equal(result.exitCode, 1);
  assert.match(result.stdout, /\n {2}error F3 uaa\.clientsecret: This is an X\.509 key/);
  assert.match(result.stdout, /\n {2}error F4 uaa\.credential-type: /);
});

test('key validate --json prints parseable JSON without the secret', async () => {
  const result = await run(tempFile('a3.json', exampleABytes()), '--json');
  assert.equal(result.exitCode, 0);
  const parsed = JSON.parse(result.stdout) as { valid: boolean; summary: { identityZone: string } };
  assert.equal(parsed.valid, true);
  assert.equal(parsed.summary.identityZone, 'acme-calm');
  assert.ok(!result.stdout.includes(EXAMPLE_A_SECRET.slice(37)));
});

test('key validate: a 10 MB file is refused by its real size without being read whole', async () => {
  const result = await run(tempFile('big.bin', Buffer.alloc(10 * 1024 * 1024, 0x20)));
  assert.equal(result.exitCode, 1);
  assert.equal(result.stdout.split('\n').length, 2);
  assert.match(
    result.stdout,
    /error size \$: The file is 10\.0 MiB; a service key is a small JSON document of at most 64 KiB\./,
  );
});

test('key validate: a missing file or a directory is one clear line on stderr and exit 2', async () => {
  const missing = await run(join(dir, 'nope.json'));
  assert.equal(missing.exitCode, 2);
  assert.match(missing.stderr, /^error: cannot read .*nope\.json: no such file\.$/);
  assert.equal(missing.stdout, '');
  mkdirSync(join(dir, 'folder'));
  const folder = await run(join(dir, 'folder'));
  assert.equal(folder.exitCode, 2);
  assert.match(folder.stderr, /it is a directory/);
});

test('key validate: an empty file is one F1 line', async () => {
  const result = await run(tempFile('empty.json', ''));
  assert.equal(result.exitCode, 1);
  assert.match(result.stdout, /^invalid: .*empty\.json\n {2}error F1 \$: The file is empty\./);
});
