/**
 * The seed file's format (`calm-keys serve --seed landscape.yaml`): what a seeded landscape holds, with the
 * defaults the README's "Seeded landscapes" reference lists. The shapes are checked here (zod, every object
 * strict so that a misspelt field is an error and not silently nothing), and so are the references between
 * entries (a role's subaccount, a tenant's `landscapeKey`), so that a bad file stops the start before anything
 * is created. The rules of names, subdomains and regions are the cockpit's, as btp/ applies them.
 */
import { z } from 'zod';
import { ALL_ROLES, ROLES, type Role } from '../../access/index.js';
import { readCalendarDate } from '../../shared/index.js';

/** The global account of a seed that lists none. */
export const DEFAULT_GLOBAL_ACCOUNT = 'Global Account';
/** At least this long: a fixed secret is a test's fixture, but not a guessable one. */
export const MIN_FIXED_SECRET = 20;

const btpName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,32}$/, 'must be 1 to 32 letters, digits, ".", "-" or "_" (the cockpit\'s rule)');

const calendarDate = z.preprocess(
  // YAML 1.1 readers turn 2024-01-15 into a date; the yaml package (YAML 1.2 core) keeps the text
  (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value),
  z.string('must be a date like 2024-01-15').superRefine((text, ctx) => {
    const reading = readCalendarDate(text);
    if (!reading.ok) ctx.addIssue({ code: 'custom', message: reading.reason });
  }),
);

const managedObject = z.strictObject({
  name: z.string().regex(/^[\p{L}\p{N} ._()/-]{1,80}$/u, 'must be 1 to 80 letters, digits, spaces or . _ ( ) / -'),
  objectType: z.string().min(1).max(80).default('Custom'),
  externalId: z.string().min(1).max(200).optional(),
  monitoring: z.boolean().default(false),
});

const binding = z.strictObject({
  name: btpName,
  credentialType: z.enum(['binding-secret', 'x509']).default('binding-secret'),
  clientsecret: z
    .string()
    .min(MIN_FIXED_SECRET, `must be at least ${MIN_FIXED_SECRET} characters`)
    .max(200, 'must be at most 200 characters')
    .optional(),
});

const instance = z.strictObject({
  name: btpName,
  xsappname: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,64}(!b\d{1,9})?$/,
      'must be 1 to 64 letters, digits, ".", "-" or "_", optionally with !b<n>',
    )
    .optional(),
  /** As in xs-security: `$XSMASTERAPPNAME.calm-api.metrics.write`; every scope calm-keys serves when absent. */
  authorities: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
  bindings: z.array(binding).default([]),
});

const cloudAlm = z.strictObject({
  /** Today when absent (what a subscription in the cockpit gives). */
  provisionedOn: calendarDate.optional(),
  /** The name of one of this subaccount's bindings, placed in the tenant's Landscape Management slot. */
  landscapeKey: btpName.optional(),
  services: z.array(managedObject).default([]),
  systems: z.array(managedObject).default([]),
});

const subaccount = z.strictObject({
  name: z.string().min(1).max(255),
  subdomain: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be 1 to 63 lower-case letters, digits and "-", not starting with "-"'),
  region: z
    .string()
    .regex(/^[a-z]{2}\d{2}(-\d{3})?$/, 'must look like eu10, us10 or eu10-004')
    .default('eu10'),
  /** The name of a listed global account; may be left out when the seed has one. */
  globalAccount: z.string().min(1).optional(),
  cloudAlm: cloudAlm.optional(),
  instances: z.array(instance).default([]),
});

const roleAssignment = z.strictObject({
  role: z.enum(ALL_ROLES as [Role, ...Role[]], `must be one of ${ALL_ROLES.join(', ')}`),
  /** The subaccount (by name) of a subaccount role, or whose Cloud ALM tenant a Landscape Management role is of. */
  subaccount: z.string().min(1).optional(),
  /** The global account (by name) of a global-account role. */
  globalAccount: z.string().min(1).optional(),
});

const user = z.strictObject({
  username: z.string().regex(/^[a-z0-9._@-]{1,64}$/i, 'must be 1 to 64 letters, digits, ".", "_", "@" or "-"'),
  password: z.string().min(12, 'must be at least 12 characters'),
  roles: z.array(roleAssignment).default([]),
});

const seedShape = z.strictObject({
  globalAccounts: z.array(z.strictObject({ name: z.string().min(1).max(255) })).optional(),
  subaccounts: z.array(subaccount).default([]),
  users: z.array(user).default([]),
});

export type Seed = z.output<typeof seedShape>;
export type SeedSubaccount = Seed['subaccounts'][number];

/** The seed file's schema: its shapes, then the references between entries (run once the shapes are right). */
export const seedSchema = seedShape.superRefine((seed, ctx) => {
  for (const issue of referenceIssues(seed)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});

type Issue = { path: (string | number)[]; message: string };

/** The references between entries, and what must be unique for "create what is missing" to find it again. */
function referenceIssues(seed: Seed): Issue[] {
  const issues: Issue[] = [];
  const globalAccounts = (seed.globalAccounts ?? []).map((g) => g.name);
  duplicates(globalAccounts, (i) => issues.push({ path: ['globalAccounts', i, 'name'], message: 'is listed twice' }));
  duplicates(
    seed.subaccounts.map((s) => s.subdomain),
    (i) => issues.push({ path: ['subaccounts', i, 'subdomain'], message: 'is listed twice' }),
  );
  duplicates(
    seed.subaccounts.map((s) => s.name),
    (i) => issues.push({ path: ['subaccounts', i, 'name'], message: 'is listed twice (roles name subaccounts)' }),
  );
  const secrets: string[] = [];
  const secretPaths: (string | number)[][] = [];
  seed.subaccounts.forEach((sub, s) => {
    if (sub.globalAccount !== undefined && !globalAccounts.includes(sub.globalAccount))
      issues.push({ path: ['subaccounts', s, 'globalAccount'], message: 'names no global account of globalAccounts' });
    if (sub.globalAccount === undefined && globalAccounts.length > 1)
      issues.push({
        path: ['subaccounts', s, 'globalAccount'],
        message: `is required: the seed lists ${globalAccounts.length} global accounts`,
      });
    duplicates(
      sub.instances.map((i) => i.name),
      (i) => issues.push({ path: ['subaccounts', s, 'instances', i, 'name'], message: 'is listed twice' }),
    );
    sub.instances.forEach((inst, i) => {
      duplicates(
        inst.bindings.map((b) => b.name),
        (b) =>
          issues.push({ path: ['subaccounts', s, 'instances', i, 'bindings', b, 'name'], message: 'is listed twice' }),
      );
      inst.bindings.forEach((b, j) => {
        const path = ['subaccounts', s, 'instances', i, 'bindings', j, 'clientsecret'];
        if (b.clientsecret === undefined) return;
        if (b.credentialType !== 'binding-secret')
          issues.push({ path, message: 'is for credentialType binding-secret only' });
        secrets.push(b.clientsecret);
        secretPaths.push(path);
      });
    });
    const key = sub.cloudAlm?.landscapeKey;
    if (key !== undefined) {
      const named = sub.instances.flatMap((i) => i.bindings).filter((b) => b.name === key).length;
      if (named !== 1)
        issues.push({
          path: ['subaccounts', s, 'cloudAlm', 'landscapeKey'],
          message:
            named === 0
              ? "names no binding of this subaccount's instances"
              : `names ${named} bindings of this subaccount's instances; rename one`,
        });
    }
    for (const kind of ['services', 'systems'] as const)
      duplicates(
        (sub.cloudAlm?.[kind] ?? []).map((o) => o.name),
        (o) => issues.push({ path: ['subaccounts', s, 'cloudAlm', kind, o, 'name'], message: 'is listed twice' }),
      );
  });
  // two bindings with one secret: a token request could not tell which binding it came from
  duplicates(secrets, (i) => issues.push({ path: secretPaths[i]!, message: 'is the clientsecret of another binding' }));
  duplicates(
    seed.users.map((u) => u.username.toLowerCase()),
    (i) => issues.push({ path: ['users', i, 'username'], message: 'is listed twice' }),
  );
  seed.users.forEach((u, i) =>
    u.roles.forEach((r, j) => issues.push(...roleIssues(seed, r, ['users', i, 'roles', j], globalAccounts))),
  );
  return issues;
}

function roleIssues(
  seed: Seed,
  r: Seed['users'][number]['roles'][number],
  path: (string | number)[],
  globalAccounts: string[],
): Issue[] {
  const scope = ROLES[r.role].scope;
  const sub = r.subaccount === undefined ? undefined : seed.subaccounts.find((s) => s.name === r.subaccount);
  if (scope === 'system')
    return r.subaccount !== undefined || r.globalAccount !== undefined
      ? [{ path, message: `${r.role} is held system-wide: give neither subaccount nor globalAccount` }]
      : [];
  if (scope === 'global_account') {
    if (globalAccounts.length === 0 && seed.subaccounts.length === 0)
      return [{ path, message: `${r.role} needs a global account: the seed has none` }];
    if (r.globalAccount === undefined && globalAccounts.length > 1)
      return [{ path: [...path, 'globalAccount'], message: `is required for ${r.role}` }];
    if (r.globalAccount !== undefined && !globalAccounts.includes(r.globalAccount))
      return [{ path: [...path, 'globalAccount'], message: 'names no global account of globalAccounts' }];
    return r.subaccount === undefined
      ? []
      : [{ path: [...path, 'subaccount'], message: `${r.role} is held per global account` }];
  }
  if (r.subaccount === undefined) return [{ path: [...path, 'subaccount'], message: `is required for ${r.role}` }];
  if (!sub) return [{ path: [...path, 'subaccount'], message: 'names no subaccount of subaccounts' }];
  if (scope === 'tenant' && !sub.cloudAlm)
    return [{ path: [...path, 'subaccount'], message: `has no cloudAlm tenant, where ${r.role} is held` }];
  return [];
}

/** Calls `found` with the index of every entry equal to an earlier one. */
function duplicates(values: readonly string[], found: (index: number) => void): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) found(index);
    seen.add(value);
  });
}
