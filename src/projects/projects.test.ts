/** The list query of `GET /tasks` and the services over a fresh SQLite store (the demo project, tenant isolation). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAuditWriter } from '../audit/index.js';
import { fixedClock, isDomainError } from '../shared/index.js';
import { sqliteKind } from '../store/test-support/databases.js';
import { createProjects, PROJECTS_ERRORS } from './index.js';
import { readTaskListQuery } from './tasks-query.js';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : 'not a domain error';
  }
  return undefined;
};

test('GET /tasks: OData options refused first, then projectId required; filters read', () => {
  assert.equal(
    codeOf(() => readTaskListQuery({ $filter: "projectId eq 'x'" })),
    PROJECTS_ERRORS.query_option_not_supported,
  );
  assert.equal(
    codeOf(() => readTaskListQuery({ projectId: 'p', $top: '5' })),
    PROJECTS_ERRORS.query_option_not_supported,
  );
  assert.equal(
    codeOf(() => readTaskListQuery({})),
    PROJECTS_ERRORS.project_id_required,
  );
  assert.equal(
    codeOf(() => readTaskListQuery({ projectId: 'p', lastChangedDate: '2022-02-01' })),
    PROJECTS_ERRORS.bad_filter,
  );
  assert.equal(
    codeOf(() => readTaskListQuery({ projectId: 'p', lastChangedDate: 'gt:2022-02-30' })),
    PROJECTS_ERRORS.bad_filter,
  );
  assert.equal(
    codeOf(() => readTaskListQuery({ projectId: 'p', tags: ['x'] })),
    PROJECTS_ERRORS.bad_filter,
  );
  assert.equal(
    codeOf(() => readTaskListQuery({ projectId: 'p', lastChangedTimestamp: 'gt:2022-02-01T25:00:00Z' })),
    PROJECTS_ERRORS.bad_filter,
  );
  assert.deepEqual(
    readTaskListQuery({ projectId: 'p', lastChangedTimestamp: 'lt:2022-02-01T10:00:00+01:00' }).lastChangedAt,
    {
      op: 'lt',
      at: '2022-02-01T09:00:00.000Z',
    },
  );
  assert.deepEqual(readTaskListQuery({ projectId: 'p', lastChangedDate: 'gt:2022-02-01', id: 'a, b,', limit: 5 }), {
    projectId: 'p',
    ids: ['a', 'b'],
    lastChanged: { op: 'gt', date: '2022-02-01' },
    offset: 0,
    limit: 5,
  });
});

test('the demo project through the API services; another tenant finds none of it', async () => {
  const store = await sqliteKind.open();
  try {
    const clock = fixedClock(new Date('2026-12-01T10:00:00Z'));
    const tenants = { find: async (tenantId: string) => ({ tenantId, subaccountId: 's', globalAccountId: 'g' }) };
    const projects = createProjects({ db: store.db, clock, audit: createAuditWriter(clock), tenants });
    const { projectId } = await projects.createDemoProject('tenant-a');
    const a = { tenantId: 'tenant-a', clientId: 'c' };
    const tasks = await projects.tasks.list(a, { projectId });
    assert.equal(tasks.length, 5);
    assert.deepEqual(tasks.map((t) => t.status).sort(), [
      'CIPTKCLOSE',
      'CIPTKINP',
      'CIPTKOPEN',
      'CIPTKOPEN',
      'CIPUSOPEN',
    ]);
    const byTitle = (title: string) => tasks.find((t) => t.title.startsWith(title))!;
    const connect = byTitle('Connect the managed services');
    assert.equal(connect.timeboxName, 'Sprint 1');
    assert.equal(byTitle('Collect the scope items').parentId, byTitle('As a project lead').id);
    assert.equal((await projects.taskItems.comments(a, connect.id)).length, 1);
    assert.equal((await projects.tasks.list(a, { projectId, status: 'CIPTKOPEN' })).length, 2);

    const b = { tenantId: 'tenant-b', clientId: 'c' };
    assert.deepEqual(await projects.projects.list(b), []);
    await assert.rejects(projects.tasks.get(b, tasks[0]!.id), { code: PROJECTS_ERRORS.task_not_found });
    await assert.rejects(projects.tasks.list(b, { projectId }), { code: PROJECTS_ERRORS.project_not_found });
    await assert.rejects(projects.taskItems.comments(b, connect.id), { code: PROJECTS_ERRORS.task_not_found });
  } finally {
    await store.close();
  }
});
