// Sets up a freshly started calm-keys for bench/run.mjs the way a person would, over its REST API only (README.md
// "Quick start", "The BTP control plane"): sign in as the administrator whose password the first start took from
// CALM_KEYS_ADMIN_PASSWORD, make a personal API token, and with it a global account, a subaccount subscribed to
// SAP Cloud ALM (its tenant), a managed service with monitoring on, and an SAP Cloud ALM API instance with a
// binding made through the Service Manager API (/v1, `subaccount_id=`). Returns what a managed service's
// collector gets from its key: the client id and secret, the token URL and the API's URL, and the service id.

/* global fetch */

/** One call; throws with the method, path, status and answer unless the status is `expect`. */
async function call(base, method, path, { body, token, cookie, expect }) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (cookie) headers.cookie = cookie;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`calm-keys set-up: ${method} ${path} answered ${res.status}: ${text}`);
  return { res, json: text ? JSON.parse(text) : undefined };
}

const q = encodeURIComponent;

/**
 * @param {string} base the server's origin, e.g. http://127.0.0.1:34567
 * @param {{ username: string, password: string }} admin
 */
export async function setUpCalmKeys(base, admin) {
  const login = await call(base, 'POST', '/auth/v1/login', { body: admin, expect: 200 });
  const cookie = String(login.res.headers.get('set-cookie') ?? '').split(';')[0];
  const pat = await call(base, 'POST', '/auth/v1/tokens', {
    cookie,
    body: { name: 'bench', expiresInDays: 1 },
    expect: 201,
  });
  const token = pat.json.token;
  const api = (method, path, body, expect) => call(base, method, path, { token, body, expect });

  const ga = await api('POST', '/btp/v1/global_accounts', { name: 'Bench global account' }, 201);
  await api(
    'POST',
    `/access/v1/users/${q(admin.username)}/roles`,
    { role: 'GlobalAccountAdministrator', scopeId: ga.json.id },
    204,
  );
  const subdomain = `bench-${Date.now().toString(36)}`;
  const sub = await api(
    'POST',
    '/btp/v1/subaccounts',
    { globalAccountId: ga.json.id, name: 'Bench', subdomain, region: 'eu10' },
    201,
  );
  const subaccountId = sub.json.id;
  // provisioned before CALM_KEYS_AUTO_GENERATE_FROM: the tenant starts without a generated key, the bench makes its own
  const tenant = await api(
    'POST',
    `/btp/v1/subaccounts/${subaccountId}/cloud_alm`,
    { provisionedOn: '2023-01-10' },
    201,
  );
  const tenantId = tenant.json.tenantId;
  await api(
    'POST',
    `/access/v1/users/${q(admin.username)}/roles`,
    { role: 'x_landscape_Administrator', scopeId: tenantId },
    204,
  );
  const service = await api(
    'POST',
    `/lm/v1/tenants/${tenantId}/managed-objects`,
    { kind: 'service', name: 'Bench collector', objectType: 'BTP CF app' },
    201,
  );
  const serviceId = service.json.id;
  await api('POST', `/lm/v1/tenants/${tenantId}/managed-objects/${serviceId}/monitoring`, { enabled: true }, 200);

  // The SAP Cloud ALM API key, as SAP BTP Service Operator or the btp CLI would make it: offering and plan by name.
  const offerings = await api(
    'GET',
    `/v1/service_offerings?subaccount_id=${subaccountId}&fieldQuery=${q("catalog_name eq 'SAPCloudALMAPIs'")}`,
    undefined,
    200,
  );
  const offeringId = offerings.json.items[0].id;
  const plans = await api(
    'GET',
    `/v1/service_plans?subaccount_id=${subaccountId}&fieldQuery=${q(`catalog_name eq 'standard' and service_offering_id in ('${offeringId}')`)}`,
    undefined,
    200,
  );
  const instance = await api(
    'POST',
    `/v1/service_instances?async=false&subaccount_id=${subaccountId}`,
    {
      name: 'bench-calm-api',
      service_plan_id: plans.json.items[0].id,
      parameters: {
        'xs-security': {
          authorities: ['$XSMASTERAPPNAME.calm-api.metrics.write', '$XSMASTERAPPNAME.calm-api.hm.write'],
        },
      },
    },
    201,
  );
  const binding = await api(
    'POST',
    `/v1/service_bindings?async=false&subaccount_id=${subaccountId}`,
    { name: 'bench-key', service_instance_id: instance.json.id },
    201,
  );
  const { uaa, endpoints } = binding.json.credentials;
  return {
    clientId: uaa.clientid,
    clientSecret: uaa.clientsecret,
    tokenUrl: `${uaa.url}/oauth/token`,
    apiUrl: endpoints?.Api,
    tenantId,
    subaccountId,
    serviceId,
    // the whole key, as a person would upload it to Landscape Management (bench/soak.mjs does)
    credentials: binding.json.credentials,
  };
}
