// Makes the Cloud ALM API calls of SAP's sample kanban4calm (SAP-samples/cloud-alm-api-examples,
// applications/kanban4calm/server/server.js) as its code makes them, with the same npm packages: the token from
// client-oauth2 (4.3.3, `credentials.getToken()`, Basic client authentication), the API with axios and the bearer
// token. Run in a child process with NODE_EXTRA_CA_CERTS=<our CA>, as an application trusts a private CA.
// Usage: node kanban4calm-client.mjs <config.json>, kanban4calm's own file: { auth_url, client_id, client_secret,
// api_baseurl }. Prints one JSON line of what each call answered.
import { readFileSync } from 'node:fs';
import axios from 'axios';
import ClientOAuth2 from 'client-oauth2';

const CONFIG = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const calmAuth = new ClientOAuth2({
  clientId: CONFIG.client_id,
  clientSecret: CONFIG.client_secret,
  accessTokenUri: CONFIG.auth_url,
});
const results = {};

/** One call as kanban4calm makes it: a fresh token, then axios with `Authorization: Bearer`. */
async function call(method, path, body) {
  const user = await calmAuth.credentials.getToken();
  const axiosConfig = { headers: { Authorization: `Bearer ${user.accessToken}` } };
  try {
    const response =
      body === undefined
        ? await axios[method](CONFIG.api_baseurl + path, axiosConfig)
        : await axios[method](CONFIG.api_baseurl + path, body, axiosConfig);
    return { status: response.status, body: response.data };
  } catch (error) {
    if (!error.response) throw error;
    return { status: error.response.status, body: error.response.data };
  }
}

try {
  const user = await calmAuth.credentials.getToken();
  results.token = { tokenType: user.tokenType, hasToken: typeof user.accessToken === 'string' };

  // GET /getprojects: the projects, keeping the open ones (status O)
  const projects = await call('get', '/api/calm-projects/v1/projects');
  results.projects = {
    status: projects.status,
    open: projects.body.filter((p) => p.status === 'O').map((p) => ({ id: p.id, name: p.name })),
  };
  const projectId = results.projects.open[0]?.id;

  // GET /gettasks?projectid=&status=: the project's tasks, keeping those of one swim lane
  const tasks = await call('get', '/api/calm-tasks/v1/tasks?projectId=' + projectId);
  results.tasks = {
    status: tasks.status,
    open: tasks.body.filter((t) => t.status === 'CIPTKOPEN').map((t) => t.id),
    count: tasks.body.length,
  };

  // PATCH /editTask?taskid=: a card dragged to "in progress", then renamed
  const taskId = results.tasks.open[0];
  const moved = await call('patch', '/api/calm-tasks/v1/tasks/' + taskId, { status: 'CIPTKINP' });
  const renamed = await call('patch', '/api/calm-tasks/v1/tasks/' + taskId, { title: 'Renamed on the board' });
  results.edit = { status: [moved.status, renamed.status], task: renamed.body };

  // a card's details
  const one = await call('get', '/api/calm-tasks/v1/tasks/' + taskId);
  results.task = { status: one.status, title: one.body.title, taskStatus: one.body.status };

  // POST /createTask: "New Task" on the board; kanban4calm posts to .../tasks/ with a trailing slash
  const created = await call('post', '/api/calm-tasks/v1/tasks/', { projectId, title: 'New Task', type: 'CALMTASK' });
  results.create = { status: created.status, id: created.body?.id, taskStatus: created.body?.status };
} catch (error) {
  results.error = `${error?.name}: ${error?.message}`;
}
process.stdout.write(`${JSON.stringify(results)}\n`);
