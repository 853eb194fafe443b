import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDomainError } from '../../shared/index.js';
import { loadSeedFile, parseSeed } from './load.js';

const ISSUE_EXAMPLE = `
subaccounts:
  - name: acme
    subdomain: acme-calm
    region: eu10
    cloudAlm: { provisionedOn: 2024-01-15 }
    instances:
      - name: ci-api
        bindings:
          - { name: ci-key, clientsecret: "ci-fixed-secret-0123456789" }
`;

const none = () => undefined;

/** The details of the `seed.invalid` error `work` throws, as "path: message" lines. */
function problems(work: () => unknown): string[] {
  try {
    work();
  } catch (error) {
    assert.ok(isDomainError(error), String(error));
    assert.equal(error.code, 'seed.invalid');
    return error.details.map((d) => `${d.path}: ${d.message}`);
  }
  assert.fail('expected seed.invalid');
}

test("the issue's example reads with the defaults filled in (binding-secret, no global account, eu10 kept)", () => {
  const seed = parseSeed(ISSUE_EXAMPLE, 'yaml', none);
  const sub = seed.subaccounts[0]!;
  assert.equal(sub.cloudAlm?.provisionedOn, '2024-01-15');
  assert.equal(sub.region, 'eu10');
  assert.deepEqual(sub.cloudAlm?.services, []);
  assert.deepEqual(sub.instances[0]!.bindings[0], {
    name: 'ci-key',
    credentialType: 'binding-secret',
    clientsecret: 'ci-fixed-secret-0123456789',
  });
  assert.equal(seed.globalAccounts, undefined);
  assert.deepEqual(seed.users, []);
});

test('JSON reads the same as YAML', () => {
  const json = JSON.stringify({ subaccounts: [{ name: 'a', subdomain: 'a-calm', cloudAlm: {} }] });
  assert.equal(parseSeed(json, 'json', none).subaccounts[0]!.subdomain, 'a-calm');
});

test('a short clientsecret names its path and the rule, without echoing the value', () => {
  const text = ISSUE_EXAMPLE.replace('ci-fixed-secret-0123456789', 'too-short');
  const found = problems(() => parseSeed(text, 'yaml', none));
  assert.deepEqual(found, ['subaccounts[0].instances[0].bindings[0].clientsecret: must be at least 20 characters']);
  try {
    parseSeed(text, 'yaml', none);
  } catch (error) {
    assert.doesNotMatch(String((error as Error).message), /too-short/);
  }
});

test('every problem at once: a misspelt field, a bad region, a missing subdomain, a bad date', () => {
  const found = problems(() =>
    parseSeed(
      `subaccounts:
  - name: a
    region: europe
    cloudAlm: { provisionedOn: 2023-02-30 }
    instance: []
`,
      'yaml',
      none,
    ),
  );
  assert.deepEqual(found.sort(), [
    'subaccounts[0].cloudAlm.provisionedOn: 2023-02-30 is not a day of the calendar: February 2023 has 28 days; expected a calendar date as YYYY-MM-DD, e.g. 2024-02-29',
    'subaccounts[0].instance: is not a field of the seed format',
    'subaccounts[0].region: must look like eu10, us10 or eu10-004',
    'subaccounts[0].subdomain: is required',
  ]);
});

test('references: landscapeKey, role scopes, duplicate secrets and names', () => {
  const found = problems(() =>
    parseSeed(
      JSON.stringify({
        subaccounts: [
          {
            name: 'a',
            subdomain: 'a',
            cloudAlm: { landscapeKey: 'nope' },
            instances: [
              {
                name: 'i',
                bindings: [
                  { name: 'k1', clientsecret: 'same-secret-0123456789' },
                  { name: 'k2', clientsecret: 'same-secret-0123456789' },
                  { name: 'k3', credentialType: 'x509', clientsecret: 'other-secret-0123456789' },
                ],
              },
            ],
          },
          { name: 'b', subdomain: 'a' },
        ],
        users: [
          {
            username: 'u',
            password: 'long-enough-password',
            roles: [
              { role: 'x_landscape_Viewer', subaccount: 'b' },
              { role: 'SubaccountAdministrator' },
              { role: 'SystemAdministrator', subaccount: 'a' },
              { role: 'NoSuchRole' },
            ],
          },
        ],
      }),
      'json',
      none,
    ),
  );
  // the unknown role is a shape problem: references are checked once the shapes are right
  assert.equal(found.length, 1, found.join('\n'));
  assert.match(found[0]!, /^users\[0\]\.roles\[3\]\.role: must be one of /);
  const fixed = problems(() =>
    parseSeed(
      JSON.stringify({
        subaccounts: [
          {
            name: 'a',
            subdomain: 'a',
            cloudAlm: { landscapeKey: 'nope' },
            instances: [
              {
                name: 'i',
                bindings: [
                  { name: 'k1', clientsecret: 'same-secret-0123456789' },
                  { name: 'k2', clientsecret: 'same-secret-0123456789' },
                  { name: 'k3', credentialType: 'x509', clientsecret: 'other-secret-0123456789' },
                ],
              },
            ],
          },
          { name: 'b', subdomain: 'a' },
        ],
        users: [
          {
            username: 'u',
            password: 'long-enough-password',
            roles: [
              { role: 'x_landscape_Viewer', subaccount: 'b' },
              { role: 'SubaccountAdministrator' },
              { role: 'SystemAdministrator', subaccount: 'a' },
            ],
          },
        ],
      }),
      'json',
      none,
    ),
  );
  assert.deepEqual(fixed.sort(), [
    "subaccounts[0].cloudAlm.landscapeKey: names no binding of this subaccount's instances",
    'subaccounts[0].instances[0].bindings[1].clientsecret: is the clientsecret of another binding',
    'subaccounts[0].instances[0].bindings[2].clientsecret: is for credentialType binding-secret only',
    'subaccounts[1].subdomain: is listed twice',
    'users[0].roles[0].subaccount: has no cloudAlm tenant, where x_landscape_Viewer is held',
    'users[0].roles[1].subaccount: is required for SubaccountAdministrator',
    'users[0].roles[2]: SystemAdministrator is held system-wide: give neither subaccount nor globalAccount',
  ]);
});

test('${VAR} takes the environment variable; $${VAR} is the text itself; an unset one names variable and path', () => {
  const text = `users:
  - username: ci
    password: "\${CI_PASSWORD}"
subaccounts:
  - name: "$\${LITERAL}"
    subdomain: s
`;
  const seed = parseSeed(text, 'yaml', (name) => (name === 'CI_PASSWORD' ? 'from-the-environment' : undefined));
  assert.equal(seed.users[0]!.password, 'from-the-environment');
  assert.equal(seed.subaccounts[0]!.name, '${LITERAL}');
  assert.deepEqual(
    problems(() => parseSeed(text, 'yaml', none)),
    ['users[0].password: the environment variable CI_PASSWORD is not set'],
  );
});

test('not YAML, and a file that is not there, are refused with a message', () => {
  const found = problems(() => parseSeed('subaccounts: [\n', 'yaml', none));
  assert.match(found[0]!, /^\$: is not YAML: .*line/);
  const dir = mkdtempSync(join(tmpdir(), 'seed-load-'));
  assert.throws(
    () => loadSeedFile(join(dir, 'missing.yaml'), none),
    (error: unknown) => isDomainError(error) && error.code === 'seed.unreadable' && /no such file/.test(error.message),
  );
  writeFileSync(join(dir, 'seed.json'), '{"subaccounts": 3}');
  assert.deepEqual(
    problems(() => loadSeedFile(join(dir, 'seed.json'), none)),
    ['subaccounts: Invalid input: expected array, received number'],
  );
});

test('a global-account role needs a global account in the seed (listed, or the default one of its subaccounts)', () => {
  const user = { username: 'u', password: 'long-enough-password', roles: [{ role: 'GlobalAccountAdministrator' }] };
  assert.deepEqual(
    problems(() => parseSeed(JSON.stringify({ users: [user] }), 'json', none)),
    ['users[0].roles[0]: GlobalAccountAdministrator needs a global account: the seed has none'],
  );
  const withSubaccount = { subaccounts: [{ name: 'a', subdomain: 'a' }], users: [user] };
  assert.equal(parseSeed(JSON.stringify(withSubaccount), 'json', none).users[0]!.roles.length, 1);
});
