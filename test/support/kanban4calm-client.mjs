// Makes the Cloud ALM API calls of SAP's sample kanban4calm (SAP-samples/cloud-alm-api-examples,
// applications/kanban4calm/server/server.js) as its code makes them: the token from the real npm package
// client-oauth2 (4.3.3, `credentials.getToken()`, Basic client authentication), then the API with a bearer token.
// kanban4calm calls the API with axios; plain fetch sends the same requests. Run in a child process with
// NODE_EXTRA_CA_CERTS=<our CA>, as an application trusts a private CA. Usage: node kanban4calm-client.mjs <config.json>
// where config.json is kanban4calm's own file: { auth_url, client_id, client_secret, api_baseurl }.
import { readFileSync } from 'node:fs';
import ClientOAuth2 from 'client-oauth2';

const CONFIG = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const calmAuth = new ClientOAuth2({
  clientId: CONFIG.client_id,
  clientSecret: CONFIG.client_secret,
  accessTokenUri: CONFIG.auth_url,
});
const results = {};

async function call(method, path, body) {
  const user = await calmAuth.credentials.getToken();
  const response = await fetch(CONFIG.api_baseurl + path, {
    method,
    headers: {
      Authorization: `Bearer ${user.accessToken}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

try {
  const user = await calmAuth.credentials.getToken();
  results.token = { tokenType: user.tokenType, hasToken: typeof user.accessToken === 'string' };

  // GET /getprojects: the projects, keeping the open ones (status O)
  const projects = await call('GET', '/api/calm-projects/v1/projects');
  results.projects = {
    status: projects.status,
    open: projects.body.filter((p) => p.status === 'O').map((p) => ({ id: p.id, name: p.name })),
  };
  const projectId = results.projects.open[0]?.id;

  // GET /gettasks?projectid=&status=: the project's tasks, keeping those of one swim lane
  const tasks = await call('GET', '/api/calm-tasks/v1/tasks?projectId=' + projectId);
  results.tasks = {
    status: tasks.status,
    open: tasks.body.filter((t) => t.status === 'CIPTKOPEN').map((t) => t.id),
    count: tasks.body.length,
  };

  // PATCH /editTask?taskid=: a card dragged to "in progress", then renamed
  const taskId = results.tasks.open[0];
  const moved = await call('PATCH', '/api/calm-tasks/v1/tasks/' + taskId, { status: 'CIPTKINP' });
  const renamed = await call('PATCH', '/api/calm-tasks/v1/tasks/' + taskId, { title: 'Renamed on the board' });
  results.edit = { status: [moved.status, renamed.status], task: renamed.body };

  // a card's details
  const one = await call('GET', '/api/calm-tasks/v1/tasks/' + taskId);
  results.task = { status: one.status, title: one.body.title, taskStatus: one.body.status };
} catch (error) {
  results.error = `${error?.name}: ${error?.message}`;
}
console.log(JSON.stringify(results));
