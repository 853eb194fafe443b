/**
 * `calm-keys btp ...` against the real server with a personal API token: accounts, an instance, bindings
 * (secret and x509), list, view (secrets masked), download (key and cf form; secrets only when written where
 * the user asked), the downloaded key passing `calm-keys key validate`, delete. Instances and bindings go
 * through the Service Manager API (`/v1`); only the cf form of a download uses calm-keys' own
 * `/btp/v1/service_bindings/{id}/key?format=cf`. Errors end with a message and a non-zero exit code, never a
 * stack trace; those run the CLI as its own process, configured only through CALM_KEYS_URL,
 * CALM_KEYS_API_TOKEN and CALM_KEYS_CA_FILE.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliCaptured, type CliRun } from './support/cli.js';
import { SECRET_MASK } from '../src/service-key/index.js';
import { findCatalogPlan } from '../src/btp/catalog.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { calmKeysCommand } from './support/calm-keys-command.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

let t: TestServer;
let cookie: string;
let token: string;
let work: string;

type Run = CliRun;

/** The CLI in this process (fast); `btp` commands get the server and token. */
function cli(...args: string[]): Promise<Run> {
  const server = args[0] === 'btp' ? ['--url', t.server.url, '--ca', t.server.caFile!, '--token', token] : [];
  return runCliCaptured([...args, ...server]);
}

/** The CLI as its own process, configured through the environment only (no ./data of the working tree). */
function cliProcess(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const [program, ...leading] = calmKeysCommand();
    execFile(
      program!,
      [...leading, ...args],
      {
        cwd: REPO,
        timeout: 60_000,
        env: { PATH: process.env.PATH ?? '', HOME: work, CALM_KEYS_DATA_DIR: join(work, 'no-data'), ...env },
      },
      (error, stdout, stderr) => resolve({ out: stdout, err: stderr, code: error ? Number(error.code ?? 1) : 0 }),
    );
  });
}

const serverEnv = () => ({
  CALM_KEYS_URL: t.server.url,
  CALM_KEYS_API_TOKEN: token,
  CALM_KEYS_CA_FILE: t.server.caFile!,
});

function assertCleanFailure(run: Run, message: RegExp, what: string): void {
  assert.notEqual(run.code, 0, `${what}: exit code`);
  assert.match(run.err, message, `${what}: ${run.err}`);
  assert.doesNotMatch(run.err, /^\s+at /m, `${what}: no stack trace`);
  assert.equal(run.out, '', `${what}: nothing on stdout`);
}

async function freeClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const json = (run: Run) => JSON.parse(run.out) as any;

/** A global account and a subaccount made with the CLI; the admin becomes Global Account Administrator. */
async function subaccount(name: string): Promise<{ id: string; subdomain: string }> {
  const ga = await cli('btp', 'create', 'accounts/global-account', '--name', `GA ${name}`);
  assert.equal(ga.code, 0, ga.err);
  const granted = await t.http.call('POST', '/access/v1/users/admin/roles', {
    cookie,
    body: { role: 'GlobalAccountAdministrator', scopeId: json(ga).id },
  });
  assert.equal(granted.status, 204, granted.text);
  const subdomain = `${name}-${Date.now() % 100000}`;
  const sub = await cli(
    'btp',
    'create',
    'accounts/subaccount',
    '--global-account',
    json(ga).id,
    '--name',
    'SAP Cloud ALM',
    '--subdomain',
    subdomain,
    '--region',
    'eu10',
  );
  assert.equal(sub.code, 0, sub.err);
  return { id: json(sub).id, subdomain };
}

// every command on both databases: the CLI's lists, lookups and waits read what each store wrote
for (const kind of await testDatabaseKinds()) {
  describe(kind.name, () => {
    before(async () => {
      t = await startTestServer({
        database: kind.name,
        env: { CALM_KEYS_ADMIN_PASSWORD: 'admin-password-1' },
        start: { demo: false },
      });
      cookie = await signIn(t.http, 'admin', 'admin-password-1');
      token = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'cli' } })).json().token as string;
      work = mkdtempSync(join(tmpdir(), 'calm-keys-cli-btp-'));
    });
    after(() => t.close());

    test('instance, secret and x509 bindings, masked view, downloads that validate, delete', async () => {
      const sub = await subaccount('acme');
      const gaId = json(await cli('btp', 'list', 'accounts/global-account')).find(
        (g: { name: string }) => g.name === 'GA acme',
      ).id as string;
      const gotGa = await cli('btp', 'get', 'accounts/global-account', gaId);
      assert.equal(gotGa.code, 0, gotGa.err);
      assert.equal(json(gotGa).name, 'GA acme');
      const gotSub = await cli('btp', 'get', 'accounts/subaccount', sub.id);
      assert.equal(json(gotSub).subdomain, sub.subdomain);

      const params = JSON.stringify({
        'xs-security': {
          xsappname: 'acme-mon',
          authorities: ['$XSMASTERAPPNAME.calm-api.metrics.write'],
          'oauth2-configuration': { 'credential-types': ['binding-secret', 'x509'] },
        },
      });
      const created = await cli(
        'btp',
        'create',
        'services/instance',
        '--name',
        'calm-api',
        '--subaccount',
        sub.id,
        '--parameters',
        params,
      );
      assert.equal(created.code, 0, created.err);
      const instance = json(created);
      // the row keeps the names of offering and plan and the subaccount; /v1 carries no client id (it is in the key)
      assert.deepEqual(
        [instance.name, instance.subaccount_id, instance.service_offering, instance.service_plan, instance.state],
        ['calm-api', sub.id, 'SAPCloudALMAPIs', 'standard', 'create succeeded'],
      );
      assert.equal(instance.service_plan_id, findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id);
      assert.equal(instance.ready, true);
      assert.ok(!('client_id' in instance), 'the client id is not invented');
      const gotInstance = json(await cli('btp', 'get', 'services/instance', instance.id));
      assert.deepEqual(gotInstance, instance, 'get prints what create printed');
      const listedInstances = json(await cli('btp', 'list', 'services/instance'));
      assert.deepEqual(
        listedInstances.find((i: { id: string }) => i.id === instance.id),
        instance,
      );

      // --binding (SAP's btp CLI) and --name are the same option; creating never prints the credentials
      const secretCreated = await cli(
        'btp',
        'create',
        'services/binding',
        '--instance-name',
        'calm-api',
        '--binding',
        'monitoring-key',
      );
      assert.equal(secretCreated.code, 0, secretCreated.err);
      const secretId = secretCreated.out.match(
        /created binding monitoring-key \(([0-9a-f-]{36}), binding-secret\)/,
      )![1]!;
      const x509Created = await cli(
        'btp',
        'create',
        'services/binding',
        '--instance-id',
        instance.id,
        '--name',
        'mtls-key',
        '--parameters',
        '{"credential-type":"x509","x509":{"validity":2}}',
      );
      assert.equal(x509Created.code, 0, x509Created.err);
      const x509Id = x509Created.out.match(/\(([0-9a-f-]{36}), x509\)/)![1]!;

      // download: the key as a file only the owner can read, also over an existing world-readable file
      const keyFile = join(work, 'monitoring-key.json');
      writeFileSync(keyFile, 'old');
      chmodSync(keyFile, 0o644);
      const download = await cli('btp', 'get', 'services/binding', secretId, '--output', keyFile);
      assert.equal(download.code, 0, download.err);
      assert.match(download.out, /wrote the service key of binding .* to .*monitoring-key\.json/);
      assert.equal(statSync(keyFile).mode & 0o777, 0o600);
      const key = JSON.parse(readFileSync(keyFile, 'utf8'));
      const secret = key.uaa.clientsecret as string;
      assert.match(secret, new RegExp(`^${secretId}\\$`));
      assert.equal(key.uaa.identityzone, sub.subdomain);
      assert.match(key.uaa.clientid, /^sb-acme-mon!b\d+\|sapcloudalm!b4711$/, "the instance's client, from the key");

      const validated = await cli('key', 'validate', keyFile, '--tenant', sub.subdomain);
      assert.equal(validated.code, 0, validated.out + validated.err);
      const wrongTenant = await cli('key', 'validate', keyFile, '--tenant', 'someone-else');
      assert.equal(wrongTenant.code, 1, 'F2: a key of another tenant is refused');

      const cfFile = join(work, 'cf.json');
      assert.equal(
        (await cli('btp', 'get', 'services/binding', secretId, '--output', cfFile, '--format', 'cf')).code,
        0,
      );
      assert.deepEqual(JSON.parse(readFileSync(cfFile, 'utf8')), { credentials: key });
      const cfValidated = await cli('key', 'validate', cfFile, '--tenant', sub.subdomain);
      assert.equal(cfValidated.code, 0, 'the cf wrapper is accepted');
      assert.match(cfValidated.out, /credentials/, 'with a warning about the wrapper');

      const x509File = join(work, 'mtls-key.json');
      assert.equal((await cli('btp', 'get', 'services/binding', x509Id, '--output', x509File)).code, 0);
      const x509Key = JSON.parse(readFileSync(x509File, 'utf8'));
      assert.match(x509Key.uaa.key, /PRIVATE KEY/);
      assert.equal(x509Key.uaa.certurl, t.server.mtlsUrl);

      // the key logs on; without --output nothing shows a secret
      const tokenRequest = () =>
        t.http.call('POST', '/oauth/token', {
          rawBody: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: key.uaa.clientid,
            client_secret: secret,
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        });
      assert.equal((await tokenRequest()).status, 200);

      const shown = await cli('btp', 'get', 'services/binding', secretId);
      assert.equal(shown.code, 0, shown.err);
      assert.equal(json(shown).credentials.uaa.clientsecret, SECRET_MASK);
      assert.equal(json(shown).credentials.uaa.clientid, key.uaa.clientid, 'what is not secret stays readable');
      assert.match(
        shown.err,
        /secrets are masked; download the service key with: calm-keys btp get services\/binding .* --output <file>/,
      );
      // the view: the binding's fields, its credential type and expiry read from the key
      const { credentials: _masked, ...shownRow } = json(shown);
      assert.deepEqual(
        [shownRow.name, shownRow.service_instance_id, shownRow.service_instance_name, shownRow.subaccount_id],
        ['monitoring-key', instance.id, 'calm-api', sub.id],
      );
      assert.deepEqual(
        [shownRow.credential_type, shownRow.expires_at, shownRow.state],
        ['binding-secret', null, 'create succeeded'],
      );
      const shownX509 = await cli('btp', 'get', 'services/binding', x509Id);
      assert.equal(json(shownX509).credentials.uaa.key, SECRET_MASK);
      assert.match(json(shownX509).credentials.uaa.certificate, /BEGIN CERTIFICATE/, 'the certificate is public');
      assert.equal(json(shownX509).credential_type, 'x509');
      const days = (Date.parse(json(shownX509).expires_at) - Date.now()) / 86_400_000;
      assert.ok(days > 1.9 && days <= 2, `the x509 validity asked for, 2 days: ${json(shownX509).expires_at}`);
      const listed = await cli('btp', 'list', 'services/binding');
      assert.deepEqual(
        json(listed)
          .map((b: { name: string }) => b.name)
          .sort(),
        ['monitoring-key', 'mtls-key'],
      );
      const { credentials: _none, credential_type: _type, expires_at: _expiry, ...listedRow } = json(shown);
      assert.deepEqual(
        json(listed).find((b: { id: string }) => b.id === secretId),
        listedRow,
        'a listed binding is the shown one without what only its key tells',
      );
      for (const run of [secretCreated, x509Created, download, shown, shownX509, listed, validated, cfValidated]) {
        const printed = run.out + run.err;
        assert.ok(!printed.includes(secret.split('$')[1]!), 'the secret is never printed');
        assert.doesNotMatch(printed, /BEGIN [A-Z ]*PRIVATE KEY/, 'the private key is never printed');
      }

      // delete: asks for --confirm; afterwards the secret no longer logs on and the binding is gone
      const unconfirmed = await cli('btp', 'delete', 'services/binding', secretId);
      assert.equal(unconfirmed.code, 2);
      assert.match(unconfirmed.err, /add --confirm/);
      const deleted = await cli('btp', 'delete', 'services/binding', secretId, '--confirm');
      assert.equal(deleted.code, 0, deleted.err);
      assert.match(deleted.out, /deleted services\/binding/);
      const refused = await tokenRequest();
      assert.deepEqual([refused.status, refused.json().error], [401, 'invalid_client']);
      const gone = await cli('btp', 'get', 'services/binding', secretId);
      assert.equal(gone.code, 2);
      assert.match(gone.err, /No service binding with id .* exists here\. \(service_binding\.not_found\)/);

      assert.equal((await cli('btp', 'delete', 'services/instance', instance.id, '--confirm')).code, 0);
      assert.match(
        (await cli('btp', 'get', 'services/binding', x509Id)).err,
        /not_found/,
        'deleting the instance deleted its bindings',
      );
      assert.deepEqual(json(await cli('btp', 'list', 'services/binding')), []);
    });

    test('usage and input errors: a clear message, the field named, exit code 2', async () => {
      const sub = await subaccount('usage');
      assert.equal((await cli('btp', 'create', 'services/instance', '--name', 'inst', '--subaccount', sub.id)).code, 0);
      const cases: [string[], RegExp][] = [
        [
          ['btp', 'create', 'services/binding', '--instance-name', 'inst', '--binding', 'has spaces'],
          /at most 32 characters.*\(btp\.bad_binding_name\)\n {2}- --binding: /,
        ],
        [
          ['btp', 'create', 'services/binding', '--instance-name', 'inst', '--binding', 'ABC_001_00'],
          /reserves for generated bindings/,
        ],
        [
          [
            'btp',
            'create',
            'services/binding',
            '--instance-name',
            'inst',
            '--binding',
            'k',
            '--parameters',
            '{"credential-type":"password"}',
          ],
          /^error: Invalid parameters: parameters\.credential-type .*\(btp\.bad_parameters\)$/m,
        ],
        [
          [
            'btp',
            'create',
            'services/binding',
            '--instance-name',
            'inst',
            '--binding',
            'k',
            '--parameters',
            '{not json',
          ],
          /--parameters must be JSON/,
        ],
        [['btp', 'create', 'services/binding', '--instance-name', 'inst'], /--name is required/],
        [['btp', 'create', 'services/binding', '--binding', 'k'], /--instance-name is required/],
        [
          ['btp', 'create', 'services/instance', '--name', 'x'.repeat(33), '--subaccount', sub.id],
          /at most 32 characters.*\n {2}- --name: /,
        ],
        [
          ['btp', 'create', 'services/instance', '--name', 'inst', '--subaccount', sub.id],
          /An instance named "inst" exists in this subaccount already\. \(btp\.instance_exists\)/,
        ],
        [
          ['btp', 'create', 'services/instance', '--name', 'i2', '--subaccount', sub.id, '--plan-name', 'gold'],
          /"SAPCloudALMAPIs" has the plans standard; name one\. \(btp\.unknown_plan\)\n {2}- --plan-name: /,
        ],
        [
          ['btp', 'create', 'services/instance', '--name', 'i2', '--subaccount', 'no-such-subaccount'],
          /\(subaccount\.not_found\)/,
        ],
        [['btp', 'get', 'services/instance', 'no-such-instance'], /\(service_instance\.not_found\)/],
        [['btp', 'delete', 'services/instance', 'no-such-instance', '--confirm'], /\(service_instance\.not_found\)/],
        [['btp', 'create', 'services/thing', '--name', 'x'], /Unknown object "services\/thing"/],
        [
          ['btp', 'get', 'services/binding', 'some-id', '--output', join(work, 'x.json'), '--format', 'yaml'],
          /--format is "key" or "cf", not "yaml"/,
        ],
        [['btp', 'get', 'services/binding', 'some-id', '--format', 'cf'], /add --output <file>/],
        [['btp', 'get', 'accounts/global-account', 'no-such-account'], /No global account with id "no-such-account"/],
        [
          ['btp', 'delete', 'accounts/subaccount', sub.id, '--confirm'],
          /Deleting accounts\/subaccount is not supported/,
        ],
      ];
      for (const [args, message] of cases) {
        const run = await cli(...args);
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.err, message, `${args.join(' ')}: ${run.err}`);
      }
    });

    test('errors in a process of its own: unknown instance, bad name, missing or revoked token, server unreachable, untrusted server', async () => {
      const sub = await subaccount('proc');
      assert.equal(
        (await cli('btp', 'create', 'services/instance', '--name', 'proc-inst', '--subaccount', sub.id)).code,
        0,
      );
      const revoked = (await t.http.call('POST', '/auth/v1/tokens', { cookie, body: { name: 'old' } })).json();
      assert.equal((await t.http.call('DELETE', `/auth/v1/tokens/${revoked.id}`, { cookie })).status, 204);
      const closedPort = await freeClosedPort();
      const { CALM_KEYS_CA_FILE: _ca, ...withoutCa } = serverEnv();

      const [listed, unknown, badName, noToken, revokedToken, unreachable, untrusted] = await Promise.all([
        cliProcess(['btp', 'list', 'services/instance'], serverEnv()),
        cliProcess(
          ['btp', 'create', 'services/binding', '--instance-name', 'no-such-instance', '--binding', 'k1'],
          serverEnv(),
        ),
        cliProcess(
          ['btp', 'create', 'services/binding', '--instance-name', 'proc-inst', '--binding', 'bad name!'],
          serverEnv(),
        ),
        cliProcess(['btp', 'list', 'services/binding'], {
          CALM_KEYS_URL: t.server.url,
          CALM_KEYS_CA_FILE: t.server.caFile!,
        }),
        cliProcess(['btp', 'list', 'services/binding'], { ...serverEnv(), CALM_KEYS_API_TOKEN: revoked.token }),
        cliProcess(['btp', 'list', 'services/binding'], {
          ...serverEnv(),
          CALM_KEYS_URL: `https://127.0.0.1:${closedPort}`,
        }),
        cliProcess(['btp', 'list', 'services/binding'], withoutCa),
      ]);
      assert.equal(listed.code, 0, listed.err);
      assert.ok(
        JSON.parse(listed.out).some((i: { name: string }) => i.name === 'proc-inst'),
        'the environment alone configures the CLI',
      );
      assertCleanFailure(
        unknown,
        /^error: No service instance named "no-such-instance" exists in the subaccounts you administer\. \(service_instance\.not_found\)$/m,
        'unknown instance',
      );
      assertCleanFailure(
        badName,
        /^error: A binding name has at most 32 characters.*\(btp\.bad_binding_name\)\n {2}- --binding: /m,
        'bad name',
      );
      assertCleanFailure(noToken, /^error: No API token: pass --token or set CALM_KEYS_API_TOKEN/m, 'missing token');
      assertCleanFailure(revokedToken, /The API token is unknown, revoked or expired/, 'revoked token');
      assertCleanFailure(
        unreachable,
        new RegExp(
          `^error: Cannot reach https://127\\.0\\.0\\.1:${closedPort}: connection to 127\\.0\\.0\\.1:${closedPort} refused`,
          'm',
        ),
        'unreachable',
      );
      assertCleanFailure(
        untrusted,
        /^error: Cannot reach .*the server certificate is not trusted.* with --ca <file> or CALM_KEYS_CA_FILE/m,
        'untrusted server certificate',
      );
      for (const run of [unknown, badName, noToken, revokedToken, unreachable, untrusted])
        assert.ok(!run.err.includes(token), 'the token is never printed');
    });

    test('a download to stdout is asked for with --output -; the key is printed whole, and only then', async () => {
      const sub = await subaccount('stdout');
      assert.equal(
        (await cli('btp', 'create', 'services/instance', '--name', 'out-inst', '--subaccount', sub.id)).code,
        0,
      );
      const created = await cli('btp', 'create', 'services/binding', '--instance-name', 'out-inst', '--binding', 'k1');
      const id = created.out.match(/\(([0-9a-f-]{36}), binding-secret\)/)![1]!;
      const [raw, cf] = await Promise.all([
        cliProcess(['btp', 'get', 'services/binding', id, '--output', '-'], serverEnv()),
        cliProcess(['btp', 'get', 'services/binding', id, '--output', '-', '--format', 'cf'], serverEnv()),
      ]);
      assert.equal(raw.code, 0, raw.err);
      const key = JSON.parse(raw.out);
      assert.match(key.uaa.clientsecret, new RegExp(`^${id}\\$`));
      assert.deepEqual(JSON.parse(cf.out), { credentials: key });
    });

    test("SAP Service Manager's limits: 429 with Retry-After on the 51st instance creation in a minute; 1000 bindings per instance", async () => {
      const sub = await subaccount('limits');
      // a user of its own, so that its rate-limit window does not slow the other tests
      await t.http.call('POST', '/access/v1/users', {
        cookie,
        body: { username: 'busy', password: 'busy-password-1' },
      });
      await t.http.call('POST', '/access/v1/users/busy/roles', {
        cookie,
        body: { role: 'SubaccountAdministrator', scopeId: sub.id },
      });
      const busy = await signIn(t.http, 'busy', 'busy-password-1');
      const busyToken = (await t.http.call('POST', '/auth/v1/tokens', { cookie: busy, body: { name: 'cli' } })).json()
        .token as string;
      // the limits of the Service Manager API (/v1), which the CLI calls, counted per caller apart from /btp/v1's
      const create = (path: string, name: string, planId = findCatalogPlan('SAPCloudALMAPIs', 'standard')!.plan.id) =>
        t.http.call('POST', `${path}?subaccount_id=${sub.id}`, {
          token: busyToken,
          body: { name, service_plan_id: planId },
        });
      for (let i = 0; i < 50; i += 1) {
        const res = await create('/v1/service_instances', 'fine', 'no-such-plan');
        assert.equal(res.status, 400, 'refused requests count too');
      }
      const limited = await create('/v1/service_instances', 'fine');
      assert.equal(limited.status, 429, limited.text);
      assert.match(String(limited.headers['retry-after']), /^\d+$/);
      assert.ok(Number(limited.headers['retry-after']) >= 1 && Number(limited.headers['retry-after']) <= 60);
      for (const spelling of ['/%761/service_instances', '/v1/%73ervice_instances']) {
        const encoded = await create(spelling, 'fine');
        assert.equal(
          encoded.status,
          429,
          `the limit applies to the route, however its path is spelled: ${spelling} ${encoded.text}`,
        );
      }
      const viaCli = await cliProcess(
        ['btp', 'create', 'services/instance', '--name', 'fine', '--subaccount', sub.id],
        {
          ...serverEnv(),
          CALM_KEYS_API_TOKEN: busyToken,
        },
      );
      assertCleanFailure(
        viaCli,
        /Too many requests; SAP Service Manager's limits apply\. Retry in \d+ s\. \(btp\.rate_limited\)/,
        'rate limited',
      );
      assert.equal(
        (await t.http.call('GET', '/v1/service_bindings', { token: busyToken })).status,
        200,
        'other requests go on',
      );

      // 1000 bindings per instance: 999 rows stored directly, the 1000th through the CLI, the 1001st refused
      const instance = json(await cli('btp', 'create', 'services/instance', '--name', 'full', '--subaccount', sub.id));
      const rows = Array.from({ length: 999 }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        instance_id: instance.id,
        subaccount_id: sub.id,
        name: `filler-${i}`,
        credential_type: 'binding-secret',
        key_sealed: 'x',
        secret_fingerprint: 'x',
        expires_at: null,
        origin: 'manual',
        created_at: new Date().toISOString(),
      }));
      for (let i = 0; i < rows.length; i += 200)
        await t.server.store.db
          .insertInto('service_bindings')
          .values(rows.slice(i, i + 200))
          .execute();
      const thousandth = await cli(
        'btp',
        'create',
        'services/binding',
        '--instance-id',
        instance.id,
        '--binding',
        'last-one',
      );
      assert.equal(thousandth.code, 0, thousandth.err);
      const refused = await cli(
        'btp',
        'create',
        'services/binding',
        '--instance-id',
        instance.id,
        '--binding',
        'one-too-many',
      );
      assert.equal(refused.code, 2);
      assert.match(
        refused.err,
        /The instance has 1000 bindings, XSUAA's limit\. Delete unused ones first\. \(btp\.binding_limit\)/,
      );
    });
  });
}
