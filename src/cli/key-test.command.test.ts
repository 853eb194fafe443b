import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { tlsFixtures } from '../egress/test-support/test-servers.js';
import { startOAuthDouble, type OAuthDouble } from '../key-test/test-support/oauth-double.js';
import { registerKeyTest } from './key-test.command.js';
import { CliExit } from './output.js';

let double: OAuthDouble;
let dir: string;
let caFile: string;

before(async () => {
  double = await startOAuthDouble();
  dir = mkdtempSync(join(tmpdir(), 'calm-keys-key-test-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, double.caPem);
});
after(async () => {
  await double.close();
  rmSync(dir, { recursive: true, force: true });
});

function keyFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `calm-keys key test ...` in-process and captures what it prints. */
async function cli(...args: string[]): Promise<CliRun> {
  const program = new Command().exitOverride();
  registerKeyTest(program.command('key').exitOverride());
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => void out.push(parts.join(' '));
  console.error = (...parts: unknown[]) => void err.push(parts.join(' '));
  let exitCode = 0;
  try {
    await program.parseAsync(['key', 'test', ...args], { from: 'user' });
  } catch (thrown) {
    if (!(thrown instanceof CliExit)) throw thrown;
    exitCode = thrown.exitCode;
  } finally {
    console.log = log;
    console.error = error;
  }
  return { exitCode, stdout: out.join('\n'), stderr: err.join('\n') };
}

function assertNoSecrets(run: CliRun): void {
  const text = run.stdout + run.stderr;
  assert.ok(!text.includes(double.clientSecret), 'printed the client secret');
  for (const token of double.issuedTokens) assert.ok(!text.includes(token), 'printed an access token');
}

test('a good key: one line per step, exit 0, no secret and no token printed', async () => {
  const run = await cli(keyFile('good.json', double.serviceKey()), '--ca', caFile, '--api', '--timeout', '2000');
  assert.equal(run.exitCode, 0, run.stdout + run.stderr);
  const lines = run.stdout.split('\n');
  assert.match(
    lines[0] ?? '',
    /^✔ token {10}obtained a bearer token from localhost:\d+ \(expires in 43199 s, 3 scopes\)$/,
  );
  assert.match(lines[1] ?? '', /^✔ jwt-signature {2}verified the RS256 signature/);
  assert.match(lines[2] ?? '', /^✔ jwt-claims {5}expires in \d+ s/);
  assert.match(lines[3] ?? '', /^✔ api {12}the API at localhost:\d+ accepted the token/);
  assert.match(run.stdout, /PASS {2}the key works/);
  assertNoSecrets(run);
});

test('--json prints the structured result, without secrets', async () => {
  const run = await cli(keyFile('json.json', double.serviceKey()), '--ca', caFile, '--json');
  assert.equal(run.exitCode, 0);
  const result = JSON.parse(run.stdout) as { ok: boolean; steps: { id: string; status: string }[] };
  assert.equal(result.ok, true);
  assert.deepEqual(
    result.steps.map((s) => `${s.id}:${s.status}`),
    ['token:passed', 'jwt-signature:passed', 'jwt-claims:passed', 'api:skipped'],
  );
  assertNoSecrets(run);
});

test('a wrong secret: ✖ token with the server refusal, later steps skipped, exit 1', async () => {
  const key = double.serviceKey();
  const run = await cli(
    keyFile('wrong.json', { ...key, uaa: { ...key.uaa, clientsecret: 'nope$nope' } }),
    '--ca',
    caFile,
  );
  assert.equal(run.exitCode, 1);
  assert.match(
    run.stdout,
    /^✖ token {10}the token server refused the client credentials \(401 invalid_client: Bad credentials\)/,
  );
  assert.match(run.stdout, /\n- jwt-signature {2}skipped because step token failed/);
  assert.match(run.stdout, /FAIL {2}the key failed at step token/);
  assert.ok(!run.stdout.includes('nope$nope'));
});

test('without --ca the self-signed server is reported as untrusted', async () => {
  const run = await cli(keyFile('untrusted.json', double.serviceKey()), '--timeout', '1000');
  assert.equal(run.exitCode, 1);
  assert.match(run.stdout, /✖ token .*the server certificate is not trusted/);
});

test('an x509 key works over mTLS', async () => {
  const f = await tlsFixtures();
  const run = await cli(keyFile('x509.json', double.x509ServiceKey(f.clientA)), '--ca', caFile);
  assert.equal(run.exitCode, 0, run.stdout);
  assert.match(run.stdout, /obtained a bearer token over mTLS/);
  assert.ok(!run.stdout.includes('PRIVATE KEY'));
});

test('usage problems are one line on stderr with exit 2', async () => {
  const missing = await cli(join(dir, 'does-not-exist.json'));
  assert.deepEqual([missing.exitCode, missing.stdout], [2, '']);
  assert.equal(missing.stderr, `error: no such file: ${join(dir, 'does-not-exist.json')}`);
  const badCa = await cli(keyFile('k.json', double.serviceKey()), '--ca', keyFile('not-a-ca.pem', 'hello'));
  assert.equal(badCa.exitCode, 2);
  assert.match(badCa.stderr, /holds no PEM certificate/);
  const badTimeout = await cli(keyFile('k2.json', double.serviceKey()), '--timeout', 'soon');
  assert.equal(badTimeout.exitCode, 2);
  assert.match(badTimeout.stderr, /--timeout must be a whole number/);
});

test('a file that is not a service key is one clear line, exit 1', async () => {
  const run = await cli(keyFile('garbage.json', 'this is not json'));
  assert.equal(run.exitCode, 1);
  assert.equal(run.stderr.split('\n').length, 1);
  assert.match(run.stderr, /^error: .*garbage\.json: /);
});
