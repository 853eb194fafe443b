/** Helpers for the Service Manager API tests (test/sm-v1-*.test.ts): a service-manager key made at /v1 and its calls. */
import assert from 'node:assert/strict';
import type { HttpResponse, TestServer } from './server.js';

export const q = (s: string) => encodeURIComponent(s);

export type Call = (method: string, path: string, body?: unknown) => Promise<HttpResponse>;

/** A client-credentials token with the id and secret in the form body (golang oauth2 `AuthStyleInParams`). */
export function clientToken(t: TestServer, clientId: string, secret: string): Promise<HttpResponse> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  return t.http.call('POST', '/oauth/token', {
    rawBody: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The caller of a person's session cookie. */
export const asPerson =
  (t: TestServer, cookie: string): Call =>
  (method, path, body) =>
    t.http.call(method, path, { cookie, ...(body === undefined ? {} : { body }) });

/**
 * A person makes a service-manager instance of `plan` and its key in `subaccountId`, synchronously at /v1; the
 * key's token is the caller returned, with the instance id and the key.
 */
export async function serviceManagerKey(
  t: TestServer,
  person: Call,
  subaccountId: string,
  plan: string,
  name: string,
): Promise<{ call: Call; instanceId: string; key: Record<string, string> }> {
  const plans = await person('GET', `/v1/service_plans?fieldQuery=${q(`catalog_name eq '${plan}'`)}`);
  assert.equal(plans.json().num_items, 1, plans.text);
  const instance = await person('POST', `/v1/service_instances?async=false&subaccount_id=${subaccountId}`, {
    name,
    service_plan_id: plans.json().items[0].id,
  });
  assert.equal(instance.status, 201, instance.text);
  const binding = await person('POST', '/v1/service_bindings?async=false', {
    name: `${name}-key`,
    service_instance_id: instance.json().id,
  });
  assert.equal(binding.status, 201, binding.text);
  const key = binding.json().credentials as Record<string, string>;
  const token = await clientToken(t, key.clientid!, key.clientsecret!);
  assert.equal(token.status, 200, token.text);
  const bearer = token.json().access_token as string;
  const call: Call = (method, path, body) =>
    t.http.call(method, path, { token: bearer, ...(body === undefined ? {} : { body }) });
  return { call, instanceId: instance.json().id, key };
}

/** Polls an operation until it ends, as the Service Operator's controllers do. */
export async function poll(call: Call, location: string) {
  for (let i = 0; i < 500; i++) {
    const res = await call('GET', location);
    assert.equal(res.status, 200, res.text);
    if (res.json().state !== 'in progress') return res.json();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`operation ${location} did not end`);
}
