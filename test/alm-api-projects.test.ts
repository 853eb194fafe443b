/**
 * The Projects and Tasks APIs of SAP Cloud ALM over HTTP on the real server (SQLite and PostgreSQL), called with a
 * key's token as SAP's samples call them: projects, timeboxes, teams; tasks CRUD with `?projectId=` required and
 * `$filter`/`$select`/`$top` refused "not supported yet"; comments and references; scopes (403 insufficient_scope);
 * another tenant's token finds nothing; the people's read and its role check; and SAP's sample kanban4calm's own
 * calls with the real npm client-oauth2 in a child process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { signIn, startTestServer, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, btpKey, emptyTenant, tokenFor, userWithRoles } from './support/landscape.js';
import { kanban4calm } from './support/kanban4calm.js';

const ALL = ['projects.read', 'projects.write', 'tasks.read', 'tasks.write'];

const api = (t: TestServer, method: string, path: string, token: string, body?: unknown) =>
  t.http.call(method, `/api${path}`, { token, ...(body === undefined ? {} : { body }) });

for (const kind of await testDatabaseKinds()) {
  test(`${kind.name}: projects and tasks with a key's token, as SAP's samples call them`, async () => {
    const t = await startTestServer({
      database: kind.name,
      env: { CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD },
      start: { demo: false },
    });
    try {
      const tenant = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const key = await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, ALL);
      const token = await tokenFor(t, key.keyText);

      // projects (a plain JSON array of {id, name, status}), a timebox, the project's team
      assert.deepEqual((await api(t, 'GET', '/calm-projects/v1/projects', token)).json(), []);
      const created = await api(t, 'POST', '/calm-projects/v1/projects', token, { name: 'S/4HANA Rollout' });
      assert.equal(created.status, 201, created.text);
      const project = created.json();
      assert.equal(project.status, 'O');
      assert.equal(
        (await api(t, 'GET', `/calm-projects/v1/projects/${project.id}`, token)).json().name,
        'S/4HANA Rollout',
      );
      const sprint = await api(t, 'POST', `/calm-projects/v1/projects/${project.id}/timeboxes`, token, {
        type: 2,
        name: 'Sprint 1',
        startDate: '2026-12-07',
        endDate: '2026-12-18',
        closed: false,
      });
      assert.equal(sprint.status, 201, sprint.text);
      const reversed = await api(t, 'POST', `/calm-projects/v1/projects/${project.id}/timeboxes`, token, {
        type: 2,
        name: 'Backwards',
        startDate: '2026-12-18',
        endDate: '2026-12-07',
      });
      assert.equal(reversed.json().error.code, 'timebox.bad_dates');
      assert.equal((await api(t, 'GET', `/calm-projects/v1/projects/${project.id}/teams`, token)).json().length, 1);

      // create as SAP's notebook does; defaults CIPTKOPEN and priority 30
      const task = await api(t, 'POST', '/calm-tasks/v1/tasks', token, {
        projectId: project.id,
        title: 'Notebook API test task',
        type: 'CALMTASK',
        description: 'test description. hello world',
        assigneeId: 'user@example.com',
        timeboxId: sprint.json().id,
      });
      assert.equal(task.status, 201, task.text);
      const taskId = task.json().id as string;
      assert.equal(task.json().status, 'CIPTKOPEN');
      assert.equal(task.json().priorityId, 30);
      assert.equal(task.json().assigneeName, 'user@example.com');
      assert.equal(task.json().timeboxName, 'Sprint 1');
      const story = await api(t, 'POST', '/calm-tasks/v1/tasks', token, {
        projectId: project.id,
        title: 'A user story',
        type: 'CALMUS',
        storyPoints: 5,
      });
      assert.equal(story.json().status, 'CIPUSOPEN');
      const orphan = await api(t, 'POST', '/calm-tasks/v1/tasks', token, {
        projectId: project.id,
        title: 'Sub-task',
        type: 'CALMST',
      });
      assert.equal(orphan.json().error.code, 'tasks.bad_parent');
      const sub = await api(t, 'POST', '/calm-tasks/v1/tasks', token, {
        projectId: project.id,
        title: 'Sub-task',
        type: 'CALMST',
        parentId: story.json().id,
      });
      assert.equal(sub.status, 201, sub.text);
      assert.equal(
        (
          await api(t, 'POST', '/calm-tasks/v1/tasks', token, { projectId: project.id, title: 'x', type: 'CALMTMPL' })
        ).json().error.code,
        'tasks.bad_type',
      );

      // the list: projectId required as a plain parameter; OData options refused as a live tenant does
      const noProject = await api(t, 'GET', '/calm-tasks/v1/tasks', token);
      assert.equal(noProject.status, 400);
      assert.equal(noProject.json().error.code, 'tasks.project_id_required');
      for (const option of ['$filter', '$select', '$top']) {
        const refused = await api(
          t,
          'GET',
          `/calm-tasks/v1/tasks?projectId=${project.id}&${option}=${option === '$top' ? '5' : 'title'}`,
          token,
        );
        assert.equal(refused.status, 400, option);
        assert.equal(refused.json().error.code, 'tasks.query_option_not_supported');
        assert.match(refused.json().error.message, /not supported yet/);
      }
      const list = await api(t, 'GET', `/calm-tasks/v1/tasks?projectId=${project.id}`, token);
      assert.equal(list.json().length, 3);
      const stories = await api(t, 'GET', `/calm-tasks/v1/tasks?projectId=${project.id}&type=CALMUS`, token);
      assert.deepEqual(
        stories.json().map((x: { id: string }) => x.id),
        [story.json().id],
      );
      const mine = await api(
        t,
        'GET',
        `/calm-tasks/v1/tasks?projectId=${project.id}&assigneeId=user@example.com`,
        token,
      );
      assert.deepEqual(
        mine.json().map((x: { id: string }) => x.id),
        [taskId],
      );
      const today = new Date().toISOString().slice(0, 10);
      assert.equal(
        (await api(t, 'GET', `/calm-tasks/v1/tasks?projectId=${project.id}&lastChangedDate=eq:${today}`, token)).json()
          .length,
        3,
      );
      assert.equal(
        (await api(t, 'GET', `/calm-tasks/v1/tasks?projectId=${project.id}&lastChangedDate=gt:${today}`, token)).json()
          .length,
        0,
      );
      const since = (op: string) =>
        `/calm-tasks/v1/tasks?projectId=${project.id}&lastChangedTimestamp=${op}:2000-01-01T00:00:00Z`;
      assert.equal((await api(t, 'GET', since('gt'), token)).json().length, 3);
      assert.equal((await api(t, 'GET', since('lt'), token)).json().length, 0);
      const paged = await api(t, 'GET', `/calm-tasks/v1/tasks?projectId=${project.id}&offset=1&limit=1`, token);
      assert.equal(paged.json().length, 1);

      // PATCH the whole task read before, as SAP's notebook does; read-only fields are ignored
      const read = (await api(t, 'GET', `/calm-tasks/v1/tasks/${taskId}`, token)).json();
      const patched = await api(t, 'PATCH', `/calm-tasks/v1/tasks/${taskId}`, token, {
        ...read,
        title: `${read.title} mod`,
        dueDate: '2027-04-09',
        status: 'CIPTKINP',
      });
      assert.equal(patched.status, 200, patched.text);
      assert.equal(patched.json().status, 'CIPTKINP');
      assert.equal(patched.json().dueDate, '2027-04-09');
      const badStatus = await api(t, 'PATCH', `/calm-tasks/v1/tasks/${taskId}`, token, { status: 'CIPUSOPEN' });
      assert.equal(badStatus.json().error.code, 'tasks.bad_status');
      const badDate = await api(t, 'PATCH', `/calm-tasks/v1/tasks/${taskId}`, token, { dueDate: '2027-02-30' });
      assert.equal(badDate.json().error.code, 'tasks.bad_date');
      const cleared = await api(t, 'PATCH', `/calm-tasks/v1/tasks/${taskId}`, token, { dueDate: '' });
      assert.equal(cleared.json().dueDate, null);

      // comments and references
      const comment = await api(t, 'POST', `/calm-tasks/v1/tasks/${taskId}/comments`, token, { text: 'Hello' });
      assert.equal(comment.status, 201, comment.text);
      assert.equal(comment.json().createdBy, JSON.parse(key.keyText).uaa.clientid);
      assert.equal((await api(t, 'GET', `/calm-tasks/v1/tasks/${taskId}/comments`, token)).json()[0].text, 'Hello');
      const ref = await api(t, 'POST', `/calm-tasks/v1/tasks/${taskId}/references`, token, {
        name: 'Link to SAP',
        url: 'http://www.sap.com',
      });
      assert.equal(ref.status, 201, ref.text);
      const refChanged = await api(t, 'PATCH', `/calm-tasks/v1/tasks/references/${ref.json().id}`, token, {
        name: 'Expert Portal',
      });
      assert.equal(refChanged.json().name, 'Expert Portal');
      assert.equal(refChanged.json().url, 'http://www.sap.com');
      assert.equal((await api(t, 'GET', `/calm-tasks/v1/tasks/${taskId}/references`, token)).json().length, 1);
      assert.equal((await api(t, 'DELETE', `/calm-tasks/v1/tasks/references/${ref.json().id}`, token)).status, 204);
      assert.equal((await api(t, 'GET', `/calm-tasks/v1/tasks/${taskId}/references`, token)).json().length, 0);
      const badUrl = await api(t, 'POST', `/calm-tasks/v1/tasks/${taskId}/references`, token, {
        name: 'x',
        url: 'javascript:alert(1)',
      });
      assert.equal(badUrl.status, 400);

      // SAP's sample kanban4calm, its own calls with the real client-oauth2
      const board = await kanban4calm(t, key.keyText);
      assert.equal(board.error, undefined, board.error);
      assert.equal(board.token.hasToken, true);
      assert.equal(board.projects.status, 200);
      assert.deepEqual(board.projects.open, [{ id: project.id, name: 'S/4HANA Rollout' }]);
      assert.equal(board.tasks.status, 200);
      assert.equal(board.tasks.count, 3);
      assert.deepEqual(board.edit.status, [200, 200]);
      // the only task in the open lane then was the sub-task (the first task is in progress)
      assert.equal(board.edit.task.id, sub.json().id);
      assert.deepEqual([board.task.status, board.task.taskStatus], [200, 'CIPTKINP']);
      // its "New Task" posts to .../tasks/ (a trailing slash): a 307 to .../tasks, which axios follows with the body
      assert.deepEqual([board.create.status, board.create.taskStatus], [201, 'CIPTKOPEN']);

      // the slash is followed only after authentication, and only to a known path
      const slash = await t.http.call('POST', '/api/calm-projects/v1/projects/?x=1', { body: { name: 'x' } });
      assert.equal(slash.status, 401);
      const followed = await api(t, 'POST', '/calm-projects/v1/projects/?x=1', token, { name: 'x' });
      assert.deepEqual([followed.status, followed.headers.location], [307, '/api/calm-projects/v1/projects?x=1']);
      assert.equal((await api(t, 'GET', '/calm-projects/v1/nothing/', token)).json().error.code, 'route.not_found');

      // scopes: a key that may only read tasks
      const reader = await tokenFor(
        t,
        (await btpKey(t, tenant.cookie, tenant.subaccountId, undefined, ['tasks.read'])).keyText,
      );
      assert.equal((await api(t, 'GET', `/calm-tasks/v1/tasks/${taskId}`, reader)).status, 200);
      const denied = await api(t, 'POST', '/calm-tasks/v1/tasks', reader, {
        projectId: project.id,
        title: 'x',
        type: 'CALMTASK',
      });
      assert.equal(denied.status, 403);
      assert.match(String(denied.headers['www-authenticate']), /insufficient_scope.*calm-api\.tasks\.write/);
      assert.equal((await api(t, 'GET', '/calm-projects/v1/projects', reader)).status, 403);

      // another tenant's token finds nothing of this tenant
      const other = await emptyTenant(t, await signIn(t.http, 'admin', ADMIN_PASSWORD));
      const stranger = await tokenFor(t, (await btpKey(t, other.cookie, other.subaccountId, undefined, ALL)).keyText);
      assert.deepEqual((await api(t, 'GET', '/calm-projects/v1/projects', stranger)).json(), []);
      assert.equal(
        (await api(t, 'GET', `/calm-tasks/v1/tasks/${taskId}`, stranger)).json().error.code,
        'task.not_found',
      );
      assert.equal((await api(t, 'PATCH', `/calm-tasks/v1/tasks/${taskId}`, stranger, { title: 'x' })).status, 404);
      assert.equal((await api(t, 'DELETE', `/calm-tasks/v1/tasks/${taskId}`, stranger)).status, 404);
      assert.equal(
        (await api(t, 'GET', `/calm-tasks/v1/tasks?projectId=${project.id}`, stranger)).json().error.code,
        'project.not_found',
      );

      // the people's read: Landscape Management's viewers see it; a person without a role here finds no tenant
      const overview = await t.http.call('GET', `/lm/v1/tenants/${tenant.tenantId}/projects`, {
        cookie: tenant.cookie,
      });
      assert.equal(overview.status, 200, overview.text);
      assert.equal(overview.json().items[0].taskCount, 4);
      const viewer = await userWithRoles(t, tenant.cookie, `viewer${kind.name}`, [
        { role: 'x_landscape_Viewer', scopeId: tenant.tenantId },
      ]);
      const tasks = await t.http.call('GET', `/lm/v1/tenants/${tenant.tenantId}/projects/${project.id}/tasks`, {
        cookie: viewer,
      });
      assert.equal(tasks.status, 200, tasks.text);
      assert.equal(
        tasks.json().items.find((x: { id: string }) => x.id === board.edit.task.id).title,
        'Renamed on the board',
      );
      assert.equal(tasks.json().timeboxes[0].name, 'Sprint 1');
      const outsider = await userWithRoles(t, tenant.cookie, `outsider${kind.name}`, [
        { role: 'x_landscape_Viewer', scopeId: other.tenantId },
      ]);
      const hidden = await t.http.call('GET', `/lm/v1/tenants/${tenant.tenantId}/projects`, { cookie: outsider });
      assert.equal(hidden.status, 404);
      assert.equal(hidden.json().error.code, 'lm.tenant.not_found');

      // delete: the task and its comments are gone
      assert.equal((await api(t, 'DELETE', `/calm-tasks/v1/tasks/${taskId}`, token)).status, 204);
      assert.equal((await api(t, 'GET', `/calm-tasks/v1/tasks/${taskId}`, token)).status, 404);
      assert.equal((await api(t, 'GET', `/calm-tasks/v1/tasks/${taskId}/comments`, token)).status, 404);
    } finally {
      await t.close();
    }
  });
}
