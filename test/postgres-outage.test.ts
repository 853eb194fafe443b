/**
 * PostgreSQL goes away for 20 s (CALM_KEYS_TEST_OUTAGE_SECONDS) under a steady trickle of requests and comes
 * back (issue 16, "Survive faults"): a `calm-keys serve` process reaches the database through a loopback proxy
 * that cuts every connection, then drops each new one for the first half of the outage (a restarting server)
 * and holds each new one without an answer for the second half (a network that loses packets: only the
 * connection timeout ends the wait). Meanwhile every 250 ms a token request, an authenticated Landscape
 * Management read and a metrics push are sent, and /readyz is asked. Proven:
 * - every answer comes within REQUEST_BOUND_MS (never a hang), and is 200 or 503 (never a 500);
 * - an answer sent and received inside the outage is 503 with Retry-After, /readyz then is 503 not_ready;
 * - the process never ends, and within RECOVERY_BOUND_MS of the database's return every kind answers 200 again
 *   and keeps answering 200, without a restart.
 * The timeline (first 503, last 503, first 200 after) is printed for the closing note of issue 16.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent, request } from 'undici';
import { testDatabaseKinds } from '../src/store/test-support/databases.js';
import { startServeProcess } from './support/serve-process.js';
import { httpClient, type TestServer } from './support/server.js';
import { ADMIN_PASSWORD, monitoredSystemWithKey } from './support/landscape.js';
import { proxiedUrl, startCutProxy, withPgSchema } from './support/pg-cut-proxy.js';

const hasPostgres = (await testDatabaseKinds()).some((kind) => kind.name === 'postgres');

const OUTAGE_MS = Number(process.env.CALM_KEYS_TEST_OUTAGE_SECONDS ?? 20) * 1000;
/** No answer may take longer, during the outage or after (the pool's connection timeout is 5 s). */
const REQUEST_BOUND_MS = 10_000;
/** After the database is back, every kind answers 200 within this time. */
const RECOVERY_BOUND_MS = 10_000;
const TICK_MS = 250;

type Kind = 'token' | 'lm-read' | 'push' | 'readyz';
const KINDS: readonly Kind[] = ['token', 'lm-read', 'push', 'readyz'];

interface Answer {
  readonly kind: Kind;
  /** when it was sent, in ms: Date.now() while running, since the outage began (negative before) afterwards */
  readonly sent: number;
  readonly received: number;
  /** the status, or 0 when the client gave up after REQUEST_BOUND_MS + 5 s, or the connection failed */
  readonly status: number;
  readonly retryAfter: string | undefined;
  readonly body: string;
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** One gauge point of OTLP/HTTP JSON, what a collector pushes. */
const pushBody = () =>
  JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'outage-test' } }] },
        scopeMetrics: [
          {
            scope: { name: 'outage-test' },
            metrics: [
              {
                name: 'system.cpu.utilization',
                unit: '1',
                gauge: { dataPoints: [{ timeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`, asDouble: 0.5 }] },
              },
            ],
          },
        ],
      },
    ],
  });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first and last answer of `kind` with `status` among `answers`, as "+12.3 s" since the outage began. */
function timeline(answers: readonly Answer[], outageMs: number) {
  const at = (ms: number | undefined) =>
    ms === undefined ? 'none' : `${ms >= 0 ? '+' : ''}${(ms / 1000).toFixed(2)} s`;
  const rows = KINDS.map((kind) => {
    const mine = answers.filter((a) => a.kind === kind);
    const failed = mine.filter((a) => a.status === 503);
    const firstOkAfter = mine.find((a) => a.status === 200 && a.sent >= outageMs);
    const slowest = Math.max(...mine.map((a) => a.received - a.sent));
    return {
      kind,
      requests: mine.length,
      'first 503': at(failed[0]?.received),
      'last 503': at(failed.at(-1)?.received),
      'first 200 after': at(firstOkAfter?.received),
      'slowest answer': `${(slowest / 1000).toFixed(2)} s`,
    };
  });
  return rows;
}

test(
  `postgres: a ${OUTAGE_MS / 1000} s database outage under a trickle of requests: 503 with Retry-After in bounded time, /readyz not ready, 200 again after it without a restart`,
  { skip: !hasPostgres && 'PostgreSQL is not reachable', timeout: OUTAGE_MS + 50_000 },
  async () => {
    const proxy = await startCutProxy();
    try {
      await withPgSchema('po', async (schema) => {
        const serve = await startServeProcess({
          DATABASE_URL: proxiedUrl(proxy.port, { schema }),
          CALM_KEYS_ADMIN_PASSWORD: ADMIN_PASSWORD,
        });
        const http = httpClient(serve.url.origin, serve.ca);
        const dispatcher = new Agent({ connect: { ca: serve.ca } });
        try {
          // a tenant with a monitored system and a key with metrics scopes, as a collector has
          const setup = await monitoredSystemWithKey({ http } as unknown as TestServer);
          const credentials = JSON.parse(setup.key.keyText) as { uaa: { clientid: string; clientsecret: string } };
          const authorization = basic(credentials.uaa.clientid, credentials.uaa.clientsecret);
          const form = { 'content-type': 'application/x-www-form-urlencoded' };
          const tokenAnswer = await http.call('POST', '/oauth/token', {
            rawBody: 'grant_type=client_credentials',
            headers: { ...form, authorization },
          });
          assert.equal(tokenAnswer.status, 200, tokenAnswer.text);
          const accessToken = tokenAnswer.json().access_token as string;

          const send = async (kind: Kind): Promise<Answer> => {
            const options = {
              token: {
                method: 'POST',
                path: '/oauth/token',
                headers: { ...form, authorization },
                body: 'grant_type=client_credentials',
              },
              'lm-read': {
                method: 'GET',
                path: `/lm/v1/tenants/${setup.tenantId}/managed-objects`,
                headers: { cookie: setup.cookie },
              },
              push: {
                method: 'POST',
                path: `/api/calm-metrics/v1/metrics?serviceId=${encodeURIComponent(setup.service)}`,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
                body: pushBody(),
              },
              readyz: { method: 'GET', path: '/readyz', headers: {} },
            }[kind] as { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string };
            const sent = Date.now();
            try {
              const res = await request(`${serve.url.origin}${options.path}`, {
                method: options.method,
                headers: options.headers,
                ...(options.body === undefined ? {} : { body: options.body }),
                dispatcher,
                signal: AbortSignal.timeout(REQUEST_BOUND_MS + 5_000),
              });
              const body = await res.body.text();
              const retryAfter = res.headers['retry-after'];
              return {
                kind,
                sent,
                received: Date.now(),
                status: res.statusCode,
                retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
                body: body.slice(0, 300),
              };
            } catch (error) {
              return { kind, sent, received: Date.now(), status: 0, retryAfter: undefined, body: String(error) };
            }
          };
          for (const kind of KINDS) {
            const answer = await send(kind);
            assert.equal(answer.status, 200, `${kind} before the outage: ${answer.body}`);
          }

          const answers: Answer[] = [];
          const inFlight = new Set<Promise<void>>();
          let trickling = true;
          const trickle = (async () => {
            while (trickling) {
              for (const kind of KINDS) {
                const p = send(kind).then((a) => void answers.push(a));
                inFlight.add(p);
                void p.finally(() => inFlight.delete(p));
              }
              await pause(TICK_MS);
            }
          })();

          await pause(1_000); // a second of normal traffic first
          const outageStart = Date.now();
          proxy.setDown('drop');
          proxy.cut();
          await pause(OUTAGE_MS / 2);
          proxy.setDown('blackhole');
          proxy.cut();
          await pause(OUTAGE_MS / 2);
          proxy.setDown(false);
          proxy.cut(); // the held connections end as a recovered network's retransmissions would reset them
          const backAt = Date.now() - outageStart;

          // trickle on until every kind has answered 200 for 2 s after the return, or the recovery bound passed
          const recovered = () =>
            KINDS.every((kind) => {
              const after = answers.filter((a) => a.kind === kind && a.sent - outageStart >= backAt);
              const firstOk = after.find((a) => a.status === 200);
              return firstOk !== undefined && firstOk.received < Date.now() - 2_000;
            });
          while (!recovered() && Date.now() - outageStart < backAt + RECOVERY_BOUND_MS + 2_000) await pause(TICK_MS);
          trickling = false;
          await trickle;
          await Promise.all(inFlight);
          // times since the outage began
          for (const a of answers) Object.assign(a, { sent: a.sent - outageStart, received: a.received - outageStart });
          answers.sort((a, b) => a.sent - b.sent);

          const rows = timeline(answers, backAt);
          console.log(
            `PostgreSQL outage of ${OUTAGE_MS / 1000} s (dropped ${OUTAGE_MS / 2000} s, then held ${OUTAGE_MS / 2000} s), database back at +${(backAt / 1000).toFixed(2)} s; times since the outage began:`,
          );
          console.table(rows);

          if (process.env.DEBUG_OUTAGE)
            for (const a of answers)
              console.log(a.kind, a.sent, a.received, a.status, a.retryAfter, a.body.slice(0, 120));
          assert.equal(serve.exited(), undefined, `the process is alive:\n${serve.stderr()}`);
          for (const a of answers) {
            const what = `${a.kind} sent at ${a.sent} ms answered ${a.status} at ${a.received} ms: ${a.body}`;
            assert.ok(
              a.received - a.sent <= REQUEST_BOUND_MS,
              `no answer takes longer than ${REQUEST_BOUND_MS} ms: ${what}`,
            );
            assert.ok(a.status === 200 || a.status === 503, `only 200 or 503: ${what}`);
            if (a.status === 503 && a.kind !== 'readyz')
              assert.ok(Number(a.retryAfter) > 0, `a 503 says when to try again (Retry-After): ${what}`);
            if (a.sent >= 0 && a.received <= backAt) assert.equal(a.status, 503, `inside the outage: ${what}`);
          }
          for (const kind of KINDS) {
            const during = answers.filter((a) => a.kind === kind && a.sent >= 0 && a.received <= backAt);
            assert.ok(during.length >= 5, `${kind}: a trickle of answers during the outage (${during.length})`);
            const after = answers.filter((a) => a.kind === kind && a.sent >= backAt);
            const firstOk = after.findIndex((a) => a.status === 200);
            assert.ok(firstOk >= 0, `${kind}: answers 200 again after the outage`);
            assert.ok(
              after[firstOk]!.received - backAt <= RECOVERY_BOUND_MS,
              `${kind}: 200 again within ${RECOVERY_BOUND_MS} ms of the database's return (${after[firstOk]!.received - backAt} ms)`,
            );
            assert.deepEqual(
              after.slice(firstOk).filter((a) => a.status !== 200),
              [],
              `${kind}: once it answered 200 again, every later answer is 200`,
            );
          }
          const notReady = answers.find((a) => a.kind === 'readyz' && a.status === 503);
          assert.match(notReady?.body ?? '', /"database":"unreachable"/, '/readyz names the database');
          // the same session and the same access token still work: nothing had to start over
          assert.equal(answers.at(-1)!.status, 200);
        } finally {
          await dispatcher.close();
          await http.close();
          await serve.stop();
        }
      });
    } finally {
      await proxy.close();
    }
  },
);
