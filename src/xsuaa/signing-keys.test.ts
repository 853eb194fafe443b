import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { SignJWT } from 'jose';
import { createAuditWriter } from '../audit/index.js';
import { createSecretBox } from '../crypto/index.js';
import { fixedClock, isDomainError } from '../shared/index.js';
import type { StoreTarget } from '../store/index.js';
import { TEST_PG_URL, testDatabaseKinds, type TestStore } from '../store/test-support/databases.js';
import { createSigningKeys, ROWS_TTL_MS } from './signing-keys.js';
import type { StepResult, WorkerInput, WorkerStep } from './test-support/signing-keys-worker.js';
import { createTokenVerifier } from './verifier.js';

const HOUR = 3_600_000;
const ISSUER = 'https://localhost:8443';
const START = new Date('2026-11-23T00:00:00Z');
const ADMIN = { type: 'user', id: 'u1', name: 'admin' } as const;

/**
 * One "process": its own signing keys (caches) and verifier over the given store. Its copy of the key rows ages
 * by `cacheNow` (ROWS_TTL_MS), which stands still unless a test moves it: only a change made by the process itself
 * or an unknown kid re-reads the rows, however slow the machine.
 */
function processOn(
  store: TestStore,
  clock: ReturnType<typeof fixedClock>,
  master = randomBytes(32),
  cacheNow: () => number = () => 0,
  db: TestStore['db'] = store.db,
) {
  const keys = createSigningKeys({
    db,
    cacheNow,
    dialect: store.dialect,
    secrets: createSecretBox(master),
    clock,
    audit: createAuditWriter(clock),
    policy: { activationDelayMs: 12 * HOUR, retainMs: 12.5 * HOUR },
  });
  const verifier = createTokenVerifier({ signingKeys: keys, clock, issuerBase: () => ISSUER });
  async function sign(lifetimeHours = 12) {
    const key = await keys.active();
    const iat = Math.floor(clock.now().getTime() / 1000);
    const token = await new SignJWT({
      zid: 'z',
      cid: 'c',
      aud: ['c'],
      scope: [],
      iss: `${ISSUER}/oauth/token`,
      iat,
      exp: iat + lifetimeHours * 3600,
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .sign(key.privateKey);
    return { token, kid: key.kid };
  }
  return { keys, verifier, sign };
}

async function setup() {
  const store = await (await testDatabaseKinds())[0]!.open();
  const clock = fixedClock(START);
  return { store, clock, ...processOn(store, clock) };
}

test('rotation: published at once, signs after the delay, the old key verifies through the overlap, then retires', async () => {
  const { store, clock, keys, verifier, sign } = await setup();
  try {
    await keys.ensureKey();
    const rotated = await keys.rotate(ADMIN);
    let published = await keys.published();
    assert.deepEqual(published.map((k) => k.state).sort(), ['active', 'pending']);
    clock.advance(11.9 * HOUR);
    const first = await sign();
    const longLived = await sign(48); // outlives the retain time: shows retirement, not expiry, ends it
    assert.notEqual(first.kid, rotated.kid, 'the new key does not sign before its activation');

    clock.advance(0.1 * HOUR);
    assert.equal((await keys.active()).kid, rotated.kid);
    published = await keys.published();
    assert.deepEqual(
      published.map((k) => [k.kid, k.state]),
      [
        [first.kid, 'previous'],
        [rotated.kid, 'active'],
      ],
    );
    assert.ok(published.length <= 2, 'at most two keys are published');

    clock.advance(11 * HOUR); // the old token (12 h) is still alive and its key still published
    assert.equal((await verifier.verifyAccessToken(first.token)).clientId, 'c');
    const second = await sign();
    assert.equal(second.kid, rotated.kid);

    assert.equal((await verifier.verifyAccessToken(longLived.token)).clientId, 'c');
    clock.advance(1.6 * HOUR); // past the retain time of the old key
    assert.deepEqual(
      (await keys.published()).map((k) => k.kid),
      [rotated.kid],
    );
    await assert.rejects(
      verifier.verifyAccessToken(longLived.token),
      (e) => isDomainError(e) && /no longer\) published/.test(e.message),
    );
    assert.equal((await verifier.verifyAccessToken(second.token)).clientId, 'c');
  } finally {
    await store.close();
  }
});

test('rotation is refused while two keys are published, unless forced, which a warm verifier sees at once', async () => {
  const { store, clock, keys, verifier, sign } = await setup();
  try {
    await keys.ensureKey();
    const old = await sign(48);
    const rotated = await keys.rotate(ADMIN);
    await assert.rejects(keys.rotate(ADMIN), /already waiting to activate/);
    clock.advance(13 * HOUR);
    const current = await sign(48);
    assert.equal(current.kid, rotated.kid);
    await assert.rejects(keys.rotate(ADMIN), /still verifies tokens until/);
    assert.equal((await verifier.verifyAccessToken(old.token)).clientId, 'c', 'the verifier has the old key cached');
    const forced = await keys.rotate(ADMIN, { force: true });
    assert.deepEqual(
      [...forced.retired].sort(),
      [old.kid, rotated.kid].sort(),
      'the previous and the active (leaked) key',
    );
    assert.deepEqual(
      (await keys.published()).map((k) => [k.kid, k.state]),
      [[forced.kid, 'active']],
    );
    for (const token of [old, current]) {
      await assert.rejects(
        verifier.verifyAccessToken(token.token),
        /not \(or no longer\) published/,
        'no waiting: the next verification refuses it',
      );
    }
  } finally {
    await store.close();
  }
});

test('the emergency rotation works while a rotated-in key is pending: a new key signs at once, the leaked one is retired', async () => {
  const { store, clock, keys, verifier, sign } = await setup();
  try {
    await keys.ensureKey();
    const leaked = await sign();
    const pending = await keys.rotate(ADMIN);
    assert.deepEqual((await keys.published()).map((k) => k.state).sort(), ['active', 'pending']);
    const forced = await keys.rotate(ADMIN, { force: true });
    assert.equal(forced.activatesAt, clock.now().toISOString(), 'signs at once, no activation delay');
    assert.deepEqual([...forced.retired].sort(), [leaked.kid, pending.kid].sort());
    const published = await keys.published();
    assert.deepEqual(
      published.map((k) => [k.kid, k.state]),
      [[forced.kid, 'active']],
    );
    assert.ok(published.length <= 2, 'at most two keys are published');
    assert.equal((await keys.active()).kid, forced.kid);
    await assert.rejects(verifier.verifyAccessToken(leaked.token), /not \(or no longer\) published/);
    const fresh = await sign();
    assert.equal(fresh.kid, forced.kid);
    assert.equal((await verifier.verifyAccessToken(fresh.token)).clientId, 'c');

    const event = await store.db
      .selectFrom('audit_events')
      .selectAll()
      .where('target_id', '=', forced.kid)
      .executeTakeFirstOrThrow();
    assert.deepEqual([event.action, event.actor_name], ['xsuaa.signing_key.rotated', 'admin']);
    const details = JSON.parse(event.details) as { forced: boolean; retiredKid: string; retiredKids: string[] };
    assert.deepEqual(
      [details.forced, details.retiredKid, [...details.retiredKids].sort()],
      [true, leaked.kid, [leaked.kid, pending.kid].sort()],
    );

    clock.advance(HOUR); // and the rotation after it is an ordinary one again
    const next = await keys.rotate(ADMIN);
    assert.deepEqual(next.retired, []);
    assert.deepEqual(
      (await keys.published()).map((k) => [k.kid, k.state]),
      [
        [forced.kid, 'active'],
        [next.kid, 'pending'],
      ],
    );
  } finally {
    await store.close();
  }
});

test('a key that another process activated verifies at once here: an unknown kid makes the verifier re-read the keys', async () => {
  const { store, clock, keys, verifier } = await setup();
  try {
    await keys.ensureKey();
    await keys.published(); // this process now has the key rows cached
    const other = processOn(store, clock);
    await other.keys.rotate(ADMIN);
    clock.advance(12 * HOUR);
    const token = await other.sign();
    assert.ok(
      !(await keys.published()).some((k) => k.kid === token.kid),
      'precondition: the cached rows lack the new key',
    );
    assert.equal((await verifier.verifyAccessToken(token.token)).clientId, 'c');
  } finally {
    await store.close();
  }
});

test('rotations and forced rotations are audited with the actor, and the record holds no key material', async () => {
  const { store, clock, keys } = await setup();
  try {
    await keys.ensureKey();
    const rotated = await keys.rotate(ADMIN);
    clock.advance(13 * HOUR);
    const forced = await keys.rotate(ADMIN, { force: true });
    const events = await store.db.selectFrom('audit_events').selectAll().orderBy('at').execute();
    assert.deepEqual(
      events.map((e) => [e.action, e.actor_type, e.actor_name, e.target_type, e.target_id]),
      [
        ['xsuaa.signing_key.created', 'system', null, 'signing_key', events[0]!.target_id],
        ['xsuaa.signing_key.rotated', 'user', 'admin', 'signing_key', rotated.kid],
        ['xsuaa.signing_key.rotated', 'user', 'admin', 'signing_key', forced.kid],
      ],
    );
    const active = events[1]!.target_id; // the rotated-in key, active after 13 h
    assert.deepEqual(JSON.parse(events[2]!.details), {
      kid: forced.kid,
      activatesAt: forced.activatesAt,
      forced: true,
      retiredKid: active,
      retiredKids: forced.retired,
    });
    assert.equal(forced.retired.length, 2, 'the previous and the active key');
    assert.equal(JSON.parse(events[1]!.details).retiredKid, null);
    const rows = await store.db.selectFrom('signing_keys').selectAll().execute();
    const text = JSON.stringify(events);
    for (const row of rows) {
      assert.ok(!text.includes(row.private_key_sealed.slice(4, 40)), 'sealed private key');
      assert.ok(!text.includes(String((JSON.parse(row.public_jwk) as { n: string }).n.slice(0, 40))), 'key modulus');
    }
    assert.ok(!/PRIVATE KEY|"n":|"d":/.test(text));
  } finally {
    await store.close();
  }
});

test('private signing keys are stored encrypted', async () => {
  const { store, keys } = await setup();
  try {
    await keys.ensureKey();
    const row = await store.db.selectFrom('signing_keys').select('private_key_sealed').executeTakeFirstOrThrow();
    assert.match(row.private_key_sealed, /^ck1\./);
    assert.ok(!row.private_key_sealed.includes('PRIVATE KEY'));
  } finally {
    await store.close();
  }
});

/** Node 20 does not run a .ts worker entry through tsx's hooks: register them in the worker, then import it. */
const WORKER_BOOTSTRAP = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./test-support/signing-keys-worker.ts', import.meta.url).href)}); })`;

/** Runs the steps in `count` worker threads at once, each with its own connection to the store; results per worker. */
async function concurrently(store: TestStore, steps: WorkerStep[], count: number): Promise<StepResult[][]> {
  const target: StoreTarget = store.sqliteFile
    ? { sqliteFile: store.sqliteFile }
    : { databaseUrl: TEST_PG_URL, schema: store.pgSchema! };
  const barriers = new SharedArrayBuffer(4 * steps.length);
  new Int32Array(barriers).fill(count);
  const masterKey = randomBytes(32);
  const runs = Array.from({ length: count }, () => {
    const workerData: WorkerInput = { target, masterKey, steps, barriers };
    const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData });
    return new Promise<StepResult[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }).finally(() => worker.terminate());
  });
  return Promise.all(runs);
}

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: concurrent first starts create one key; concurrent rotations publish one new key, never a third`, async () => {
    const store = await kind.open();
    try {
      const later = new Date(START.getTime() + 13 * HOUR).toISOString();
      const steps: WorkerStep[] = [
        { operation: 'ensure', now: START.toISOString() },
        { operation: 'rotate', now: START.toISOString() },
        { operation: 'force', now: later },
      ];
      const results = await concurrently(store, steps, 4);
      const column = (i: number) => results.map((r) => r[i]!);
      assert.ok(
        column(0).every((r) => r.ok),
        JSON.stringify(column(0)),
      );
      for (const [i, code] of [
        [1, 'xsuaa.rotation_pending'],
        [2, 'xsuaa.rotation_concurrent'],
      ] as const) {
        assert.equal(column(i).filter((r) => r.ok).length, 1, `${steps[i]!.operation}: ${JSON.stringify(column(i))}`);
        assert.deepEqual([...new Set(column(i).flatMap((r) => (r.ok ? [] : [r.code])))], [code]);
      }
      const rows = await store.db.selectFrom('signing_keys').selectAll().execute();
      assert.equal(
        rows.length,
        3,
        'one first key, one rotated in, one forced in: the other forced rotations did not replace it again',
      );
      assert.equal(
        rows.filter((r) => r.retired_at === null).length,
        1,
        'the forced rotation retired both earlier keys',
      );
      const audited = await store.db.selectFrom('audit_events').select('action').execute();
      assert.deepEqual(audited.map((e) => e.action).sort(), [
        'xsuaa.signing_key.created',
        'xsuaa.signing_key.rotated',
        'xsuaa.signing_key.rotated',
      ]);
    } finally {
      await store.close();
    }
  });
}

test('a token verified before is still refused once expired, and still checked for audience, zone and scopes', async () => {
  const { store, clock, keys, verifier, sign } = await setup();
  try {
    await keys.ensureKey();
    const { token } = await sign(1);
    assert.equal((await verifier.verifyAccessToken(token)).clientId, 'c');
    assert.equal((await verifier.verifyAccessToken(token)).clientId, 'c', 'the second use of the same token');
    await assert.rejects(verifier.verifyAccessToken(token, { audience: 'other' }), /not meant for other/);
    await assert.rejects(verifier.verifyAccessToken(token, { zoneId: 'y' }), /another identity zone/);
    await assert.rejects(verifier.verifyAccessToken(token, { requiredScopes: ['s.read'] }), /lacks the scope s\.read/);
    clock.advance(HOUR + 1000);
    await assert.rejects(verifier.verifyAccessToken(token), /has expired/, 'its exp counts on the server clock');
    // a changed token (another signature) is not the verified one
    const [head, body] = token.split('.');
    await assert.rejects(verifier.verifyAccessToken(`${head}.${body}.${'A'.repeat(342)}`), /not valid/);
  } finally {
    await store.close();
  }
});

/** The store's database, counting the reads of `signing_keys` made through it. */
function countingKeyReads(store: TestStore) {
  let reads = 0;
  const db = new Proxy(store.db, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (property === 'selectFrom')
        return (table: string) => {
          if (table === 'signing_keys') reads += 1;
          return target.selectFrom(table as 'signing_keys');
        };
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, reads: () => reads };
}

test('a forced rotation in another process counts here within ROWS_TTL_MS: a token verified and remembered before is refused, the new key signs', async () => {
  const { store, clock } = await setup();
  try {
    let cacheMs = 0;
    const master = randomBytes(32);
    const here = processOn(store, clock, master, () => cacheMs);
    await here.keys.ensureKey();
    const other = processOn(store, clock, master);
    const leaked = await here.sign();
    assert.equal((await here.verifier.verifyAccessToken(leaked.token)).clientId, 'c', 'verified and remembered');
    const forced = await other.keys.rotate(ADMIN, { force: true });
    assert.deepEqual(forced.retired, [leaked.kid]);

    cacheMs += ROWS_TTL_MS; // not older than the bound yet: this process still has the rows it read
    assert.equal((await here.verifier.verifyAccessToken(leaked.token)).clientId, 'c');
    assert.equal((await here.keys.active()).kid, leaked.kid);

    cacheMs += 1; // older than the bound: the next token re-reads the rows and sees the retirement
    await assert.rejects(here.verifier.verifyAccessToken(leaked.token), /not \(or no longer\) published/);
    const now = await here.keys.active();
    assert.equal(now.kid, forced.kid, 'this process signs with the key put in by the other one');
    assert.deepEqual(
      (await here.keys.published()).map((k) => k.kid),
      [forced.kid],
    );
  } finally {
    await store.close();
  }
});

test('requests share one read of the private key and one of key rows too old', async () => {
  const { store, clock } = await setup();
  try {
    let cacheMs = 0;
    const counting = countingKeyReads(store);
    const here = processOn(store, clock, undefined, () => cacheMs, counting.db);
    await here.keys.ensureKey();
    await here.keys.published();
    const first = counting.reads();
    const signers = await Promise.all(Array.from({ length: 20 }, () => here.keys.active()));
    assert.equal(new Set(signers.map((a) => a.privateKey)).size, 1);
    assert.equal(counting.reads() - first, 1, 'the first twenty tokens: one read of the private key');
    const before = counting.reads();
    cacheMs += ROWS_TTL_MS + 1;
    const answers = await Promise.all(Array.from({ length: 20 }, () => here.keys.active()));
    assert.equal(new Set(answers.map((a) => a.kid)).size, 1);
    assert.equal(counting.reads() - before, 1, 'twenty requests, one read of the rows');
    await Promise.all(Array.from({ length: 5 }, () => here.keys.published()));
    assert.equal(counting.reads() - before, 1, 'and none while the copy is young');
  } finally {
    await store.close();
  }
});

test('a token of a key seen retired does not spend the re-read: the token of the next new key right after is accepted', async () => {
  const { store, clock } = await setup();
  try {
    let cacheMs = 0;
    const master = randomBytes(32);
    const here = processOn(store, clock, master, () => cacheMs);
    const other = processOn(store, clock, master);
    await here.keys.ensureKey();
    const leaked = await here.sign();
    assert.equal((await here.verifier.verifyAccessToken(leaked.token)).clientId, 'c');
    await other.keys.rotate(ADMIN, { force: true });
    cacheMs += ROWS_TTL_MS + 1; // the retirement is read here with the next token
    await assert.rejects(here.verifier.verifyAccessToken(leaked.token), /no longer\) published/);
    const again = await other.keys.rotate(ADMIN, { force: true });
    const fresh = await other.sign();
    assert.equal(fresh.kid, again.kid);
    // within the same second: the retired kid again, then the new one (an unknown kid re-reads once per second)
    await assert.rejects(here.verifier.verifyAccessToken(leaked.token), /no longer\) published/);
    assert.equal((await here.verifier.verifyAccessToken(fresh.token)).clientId, 'c');
  } finally {
    await store.close();
  }
});
