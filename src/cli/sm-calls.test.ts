/** The Service Manager calls of `calm-keys btp`: every page of a list, the wait for a 202, the delete that waits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../shared/index.js';
import { deleteAndWait, listInstances, operationOf, settled, type Waiting } from './sm-calls.js';
import { fakeApi, smInstance, smOperation, smPage } from './test-support/fake-api.js';

/** A clock that moves only when the wait sleeps, and the progress lines it told. */
function waiting(limitMs = 60_000): Waiting & { lines: string[]; slept: number[] } {
  let now = 0;
  const lines: string[] = [];
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    progress: (line) => lines.push(line),
    limitMs,
    lines,
    slept,
  };
}

test('a list reads every page: max_items 200, then each token until a page has none', async () => {
  const { api, seen } = fakeApi((req) => {
    const pages: Record<string, ReturnType<typeof smPage>> = {
      '': smPage([smInstance('a', 'a', 'p')], 't1'),
      t1: smPage([smInstance('b', 'b', 'p')], 't2'),
      t2: smPage([smInstance('c', 'c', 'p')]),
    };
    return { status: 200, body: pages[req.query.token ?? ''] };
  });
  const all = await listInstances(api, { fieldQuery: "name ne 'x'" });
  assert.deepEqual(
    all.map((i) => i.id),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    seen.map((r) => r.query),
    [
      { fieldQuery: "name ne 'x'", max_items: '200' },
      { fieldQuery: "name ne 'x'", max_items: '200', token: 't1' },
      { fieldQuery: "name ne 'x'", max_items: '200', token: 't2' },
    ],
  );
});

test('a token handed out twice stops the list instead of paging forever', async () => {
  const { api } = fakeApi(() => ({ status: 200, body: smPage([], 'same') }));
  await assert.rejects(listInstances(api), (error) => error instanceof DomainError && error.code === 'cli.bad_paging');
});

test('a 202 is followed through the operation its Location names, with progress on the way', async () => {
  let reads = 0;
  const { api, seen } = fakeApi((req) => {
    if (req.method === 'POST')
      return { status: 202, body: {}, headers: { location: '/v1/service_instances/i%201/operations/op1' } };
    reads += 1;
    return { status: 200, body: smOperation(reads < 12 ? 'in progress' : 'succeeded', 'create', 'i 1') };
  });
  const wait = waiting();
  const done = await settled(
    api,
    api.POST('/v1/service_instances', { body: { name: 'n', service_plan_id: 'p' } }),
    'creating instance n',
    wait,
  );
  assert.deepEqual(done, { operation: smOperation('succeeded', 'create', 'i 1') });
  assert.ok(seen.slice(1).every((r) => r.path === '/v1/service_instances/i 1/operations/op1'));
  assert.deepEqual(wait.slept.slice(0, 5), [250, 500, 1000, 2000, 2000], 'the delay grows to 2 s');
  assert.match(wait.lines[0]!, /^creating instance n: in progress \(0 s\)$/);
  assert.ok(wait.lines.length >= 2 && wait.lines.length <= 5, `now and then: ${wait.lines.join(' | ')}`);
});

test("a failed operation is an error with SAP's descriptions; one that does not end is an error after the limit", async () => {
  const failing = fakeApi((req) =>
    req.method === 'POST'
      ? { status: 202, body: {}, headers: { location: '/v1/service_bindings/b1/operations/op1' } }
      : {
          status: 200,
          body: smOperation('failed', 'create', 'b1', [{ error: 'BadRequest', description: 'Invalid parameters: x.' }]),
        },
  );
  await assert.rejects(
    settled(
      failing.api,
      failing.api.POST('/v1/service_bindings', { body: { name: 'k', service_instance_id: 'i' } }),
      'creating binding k',
      waiting(),
    ),
    (error) =>
      error instanceof DomainError &&
      error.code === 'cli.operation_failed' &&
      error.message === 'Invalid parameters: x.',
  );
  const stuck = fakeApi((req) =>
    req.method === 'POST'
      ? { status: 202, body: {}, headers: { location: '/v1/service_bindings/b1/operations/op1' } }
      : { status: 200, body: smOperation('in progress') },
  );
  await assert.rejects(
    settled(
      stuck.api,
      stuck.api.POST('/v1/service_bindings', { body: { name: 'k', service_instance_id: 'i' } }),
      'creating binding k',
      waiting(10_000),
    ),
    (error) =>
      error instanceof DomainError &&
      error.code === 'cli.operation_timeout' &&
      /^creating binding k is still in progress after 1\d s/.test(error.message),
  );
});

test("a refusal keeps the server's code; a 201 is the resource, nothing polled", async () => {
  const { api, seen } = fakeApi((req) =>
    req.body && (req.body as { name: string }).name === 'taken'
      ? {
          status: 409,
          body: { error: 'Conflict', description: 'An instance named "taken" exists.', code: 'btp.instance_exists' },
        }
      : { status: 201, body: smInstance('i1', 'ok', 'p') },
  );
  await assert.rejects(
    settled(api, api.POST('/v1/service_instances', { body: { name: 'taken', service_plan_id: 'p' } }), 'x', waiting()),
    (error) => error instanceof DomainError && error.code === 'btp.instance_exists',
  );
  const done = await settled(
    api,
    api.POST('/v1/service_instances', { body: { name: 'ok', service_plan_id: 'p' } }),
    'x',
  );
  assert.deepEqual(done, { resource: smInstance('i1', 'ok', 'p') });
  assert.equal(seen.length, 2);
});

test('a delete asks for async=false; after a 202 it waits for the operation, then until the list no longer counts it', async () => {
  let counts = 0;
  const { api, seen } = fakeApi((req) => {
    if (req.method === 'DELETE')
      return { status: 202, body: {}, headers: { location: '/v1/service_bindings/b1/operations/op1' } };
    if (req.path.endsWith('/operations/op1')) return { status: 200, body: smOperation('succeeded', 'delete', 'b1') };
    counts += 1;
    return { status: 200, body: { num_items: counts < 3 ? 1 : 0, items: [] } };
  });
  await deleteAndWait(api, 'service_bindings', 'b1', 'deleting binding b1', waiting());
  assert.deepEqual(seen[0]!.query, { async: 'false' });
  // existence is counted (max_items=0), never read with GET /v1/service_bindings/{id}, which would read the key
  const countsSeen = seen.filter((r) => r.path === '/v1/service_bindings');
  assert.equal(countsSeen.length, 3);
  assert.deepEqual(countsSeen[0]!.query, { fieldQuery: "id eq 'b1'", max_items: '0' });
  const sync = fakeApi(() => ({ status: 200, body: {} }));
  await deleteAndWait(sync.api, 'service_instances', 'i1', 'deleting instance i1', waiting());
  assert.equal(sync.seen.length, 1, 'a 200 is the end');
});

test('Location: relative or absolute, the ids decoded; anything else names no operation', () => {
  assert.deepEqual(operationOf('/v1/service_instances/a%2Fb/operations/o1'), {
    collection: 'service_instances',
    id: 'a/b',
    operationId: 'o1',
  });
  assert.equal(operationOf('https://sm.example/v1/service_bindings/b/operations/o')?.collection, 'service_bindings');
  for (const other of [null, '', '/v1/service_plans/p/operations/o', '/v1/service_bindings/b'])
    assert.equal(operationOf(other), undefined, String(other));
});
