/** The CLI's typed client: openapi-fetch over the egress client, refusals as the server's code and message. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import createClient from 'openapi-fetch';
import type { paths } from '../../generated/api.js';
import { EgressError, type EgressClient, type EgressRequest, type EgressResponse } from '../egress/index.js';
import { isDomainError } from '../shared/index.js';
import { answer, egressFetch } from './api-client.js';

function fakeEgress(
  reply: (req: EgressRequest) => Omit<EgressResponse, 'json' | 'bodyText'>,
  seen: EgressRequest[] = [],
): EgressClient {
  return {
    settings: {} as EgressClient['settings'],
    async request(req) {
      seen.push(req);
      const res = reply(req);
      return {
        ...res,
        bodyText: res.bodyBytes.toString('utf8'),
        json: () => JSON.parse(res.bodyBytes.toString('utf8')),
      };
    },
    close: async () => undefined,
  };
}

const base = 'https://calm.example.invalid';
const jsonReply = (status: number, body: unknown) => ({
  status,
  headers: { 'content-type': 'application/json' },
  bodyBytes: Buffer.from(JSON.stringify(body)),
});

test('a typed call goes through the egress client with its path, query, headers and JSON body', async () => {
  const seen: EgressRequest[] = [];
  const egress = fakeEgress(
    () => jsonReply(200, { kid: 'k2', activatesAt: '2026-01-01T00:00:00Z', retired: [] }),
    seen,
  );
  const api = createClient<paths>({
    baseUrl: base,
    fetch: egressFetch(egress, base),
    headers: { authorization: 'Bearer ckpat_x' },
  });
  const rotated = await answer(api.POST('/xsuaa/v1/signing-keys/rotate', { body: { force: true } }));
  assert.equal(rotated.kid, 'k2');
  assert.equal(seen[0]!.method, 'POST');
  assert.equal(String(seen[0]!.url), `${base}/xsuaa/v1/signing-keys/rotate`);
  assert.equal(seen[0]!.headers!.authorization, 'Bearer ckpat_x');
  assert.equal(seen[0]!.headers!['content-type'], 'application/json');
  assert.deepEqual(JSON.parse(Buffer.from(seen[0]!.body as Uint8Array).toString('utf8')), { force: true });
  await answer(
    api.GET('/v1/service_bindings/{id}', { params: { path: { id: 'a b/c' }, query: { subaccount_id: 's 1' } } }),
  );
  assert.equal(String(seen[1]!.url), `${base}/v1/service_bindings/a%20b%2Fc?subaccount_id=s%201`);
  await answer(
    api.GET('/v1/service_instances', { params: { query: { fieldQuery: "name eq 'it''s'", max_items: 200 } } }),
  );
  assert.equal(
    new URL(String(seen[2]!.url)).searchParams.get('fieldQuery'),
    "name eq 'it''s'",
    'a field query arrives as written',
  );
});

test("a refusal is the server's code, message and named fields; a 204 answers nothing", async () => {
  const problem = { path: '$.name', message: 'required' };
  const egress = fakeEgress((req) =>
    req.method === 'DELETE'
      ? { status: 204, headers: {}, bodyBytes: Buffer.alloc(0) }
      : jsonReply(404, {
          error: {
            code: 'subaccount.not_found',
            message: 'No subaccount.',
            details: [problem],
            requestId: 'r1',
          },
        }),
  );
  const api = createClient<paths>({ baseUrl: base, fetch: egressFetch(egress, base) });
  await assert.rejects(answer(api.GET('/btp/v1/subaccounts/{id}', { params: { path: { id: 'x' } } })), (error) => {
    assert.ok(isDomainError(error));
    assert.equal(error.code, 'subaccount.not_found');
    assert.equal(error.message, 'No subaccount.');
    assert.deepEqual(error.details, [problem]);
    return true;
  });
  assert.equal(await answer(api.DELETE('/auth/v1/tokens/{id}', { params: { path: { id: 'x' } } })), undefined);
});

test("a refusal of the Service Manager API (SAP's {error, description}) is its code and description", async () => {
  const egress = fakeEgress(() =>
    jsonReply(404, {
      error: 'NotFound',
      description: 'No service instance with id "x" exists here.',
      code: 'service_instance.not_found',
    }),
  );
  const api = createClient<paths>({ baseUrl: base, fetch: egressFetch(egress, base) });
  await assert.rejects(answer(api.GET('/v1/service_instances/{id}', { params: { path: { id: 'x' } } })), (error) => {
    assert.ok(isDomainError(error));
    assert.deepEqual(
      [error.code, error.message, error.details],
      ['service_instance.not_found', 'No service instance with id "x" exists here.', []],
    );
    return true;
  });
  // without our code (a failed operation's errors, another Service Manager): the CLI's own
  const plain = fakeEgress(() => jsonReply(409, { error: 'Conflict', description: 'Taken.' }));
  const other = createClient<paths>({ baseUrl: base, fetch: egressFetch(plain, base) });
  await assert.rejects(answer(other.GET('/v1/service_instances/{id}', { params: { path: { id: 'x' } } })), (error) => {
    assert.ok(isDomainError(error));
    assert.deepEqual([error.code, error.message], ['cli.http_error', 'Taken.']);
    return true;
  });
});

test('an unreachable or untrusted server is cli.unreachable, with the trust hint for TLS', async () => {
  const egress = fakeEgress(() => {
    throw new EgressError('tls', 'TLS with calm.example.invalid:443 failed: the server certificate is not trusted', {
      target: 'calm.example.invalid:443',
    });
  });
  const api = createClient<paths>({ baseUrl: base, fetch: egressFetch(egress, base) });
  await assert.rejects(answer(api.GET('/healthz')), (error) => {
    assert.ok(isDomainError(error));
    assert.equal(error.code, 'cli.unreachable');
    assert.match(error.message, /^Cannot reach https:\/\/calm\.example\.invalid: TLS .* --ca <file>/);
    return true;
  });
});
