// Runs SAP's @sap/instance-manager, unchanged, against calm-keys' Service Manager API with a service-manager
// key, in a child process started with NODE_EXTRA_CA_CERTS=<our CA> (the library has no CA option of its own:
// it fetches with node-fetch's default agent and its tokens through @sap/xssec; nothing is relaxed). With
// DEBUG=instance-manager the library logs every request it makes and the status it got, on stderr.
// Usage: node test/support/instance-manager-client.mjs <input.json>, input {key, service, plan, tenant, other,
// parameters}: `parameters` are the library's optional parameters of create() (provisioning_parameters, ...).
// Prints one JSON line of results. Never prints a secret: of the credentials it tells the shape, the client
// id and whether a token could be had with them.
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import instanceManager from '@sap/instance-manager';
import xssec from '@sap/xssec';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { tenant, other } = input;
const options = {
  ...input.key,
  service: input.service,
  plan: input.plan,
  // the library's own knobs: poll soon (it adds 500 ms per poll), give up well inside the test's time
  polling_interval_millis: 50,
  polling_timeout_seconds: 20,
};
const createManager = promisify(instanceManager.create);
const results = {};

async function step(name, run) {
  try {
    results[name] = { ok: true, ...(await run()) };
  } catch (error) {
    results[name] = {
      ok: false,
      statusCode: error?.statusCode,
      responseCode: error?.responseCode,
      error: `${error?.name}: ${error?.message}`,
    };
  }
}

/** A managed instance as the application sees it, without the secret. */
function describe(instance) {
  if (!instance) return { instance: null };
  const credentials = instance.credentials;
  return {
    label: instance.label,
    plan: instance.plan,
    tags: instance.tags,
    tenant_id: instance.tenant_id,
    status: instance.status,
    credentialKeys: credentials ? Object.keys(credentials) : null,
    clientid: credentials?.uaa?.clientid,
    identityzoneid: credentials?.uaa?.identityzoneid,
    api: credentials?.endpoints?.Api,
  };
}

/** What an application does with the binding: a client-credentials token from its uaa, through @sap/xssec. */
async function tokenWith(credentials) {
  const response = await new xssec.XsuaaService(credentials.uaa).fetchClientCredentialsToken();
  const claims = JSON.parse(Buffer.from(response.access_token.split('.')[1], 'base64url').toString());
  return { tokenType: response.token_type, zid: claims.zid, cid: claims.cid, scope: claims.scope };
}

const calls = (manager) => ({
  create: promisify(manager.create.bind(manager)),
  get: promisify(manager.get.bind(manager)),
  getAll: promisify(manager.getAll.bind(manager)),
  delete: promisify(manager.delete.bind(manager)),
});

let a;
let b;
await step('create manager A', async () => {
  a = calls(await createManager(options));
  return {};
});
// B starts before the tenant exists: its cache is empty, so its get() asks the server
await step('create manager B', async () => {
  b = calls(await createManager(options));
  return {};
});

let created;
await step('A.create(tenant)', async () => {
  created = await a.create(tenant, input.parameters);
  return describe(created);
});
await step('token with the created credentials', () => tokenWith(created.credentials));
await step('A.create(tenant) again', async () => describe(await a.create(tenant)));
await step('A.create(other)', async () => describe(await a.create(other)));
await step('B.get(tenant) from the server', async () => {
  const got = await b.get(tenant);
  return { ...describe(got), sameKey: got?.credentials?.uaa?.clientid === created.credentials.uaa.clientid };
});
await step('token with the credentials B got', async () => tokenWith((await b.get(tenant)).credentials));
// C starts after: create() fills its cache through getAll() (the lists), as an application restarting
await step('create manager C, C.get(tenant)', async () => {
  const c = calls(await createManager(options));
  const got = await c.get(tenant);
  return { ...describe(got), sameKey: got?.credentials?.uaa?.clientid === created.credentials.uaa.clientid };
});
await step('B.getAll()', async () => {
  const all = await b.getAll();
  return { tenants: all.map((i) => i.tenant_id).sort(), withCredentials: all.filter((i) => i.credentials).length };
});
await step('A.delete(tenant)', async () => {
  await a.delete(tenant);
  return {};
});
await step('token with the deleted credentials', () => tokenWith(created.credentials));
await step('A.get(tenant) after delete', async () => describe(await a.get(tenant)));
await step('A.delete(tenant) again', async () => {
  await a.delete(tenant);
  return {};
});
await step('A.delete(other)', async () => {
  await a.delete(other);
  return {};
});

process.stdout.write(`${JSON.stringify(results)}\n`);
