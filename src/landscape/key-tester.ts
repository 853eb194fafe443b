/**
 * The KeyTester that Landscape Management uses in production: the shared online key test (key-test/), over
 * an egress client that may call only allow-listed hosts, so that an uploaded key cannot make this server
 * call arbitrary internal addresses. The calm-keys public origin is always allowed (its own keys point there).
 */
import { createEgressClient, type EgressClient } from '../egress/index.js';
import { KEY_TEST_MARKER_HEADER } from './client-calls.js';
import { testServiceKey } from '../key-test/index.js';
import type { Clock } from '../shared/index.js';
import type { KeyTester } from './landscape.deps.js';

export interface KeyTesterSettings {
  readonly clock: Clock;
  /** Host patterns (egress/host-allow-list.ts), e.g. `*.hana.ondemand.com`. */
  readonly allowHosts: readonly string[];
  /** The public URL of this server; read per test because tests learn the port only after listen. */
  readonly publicUrl: () => string;
  /** Total deadline per HTTP call of the test. */
  readonly timeoutMs: number;
  /** Extra trusted CAs (the local CA of this server when it serves HTTPS with it). */
  readonly caCertificates: readonly string[];
  /** Path under `endpoints.Api` that the test calls; it must not change anything. */
  readonly apiProbePath?: string;
  /**
   * Sent as `x-calm-keys-key-test` on the calls to this server only (never to SAP), so that the blast radius
   * tells the Test's own token request and API probe apart from a client's (client-calls.ts).
   */
  readonly keyTestMarker?: string;
}

/** The egress client with the Test's marker header on the calls to this server's own origin. */
function marked(egress: EgressClient, publicUrl: string, marker: string): EgressClient {
  const own = new URL(publicUrl).origin;
  return {
    settings: egress.settings,
    close: () => egress.close(),
    request: (request) =>
      new URL(request.url).origin === own
        ? egress.request({ ...request, headers: { ...request.headers, [KEY_TEST_MARKER_HEADER]: marker } })
        : egress.request(request),
  };
}

/** HTTP calls one test makes at most: token, two JWKS sources, the API probe and its control without the token. */
const MAX_CALLS_PER_TEST = 5;

export function createKeyTester(settings: KeyTesterSettings): KeyTester {
  const run: KeyTester = async (document, { expectedZoneId }) => {
    const egress = createEgressClient({
      allowHosts: [new URL(settings.publicUrl()).host, ...settings.allowHosts],
      timeoutMs: settings.timeoutMs,
      connectTimeoutMs: Math.min(settings.timeoutMs, 5_000),
      caCertificates: settings.caCertificates,
    });
    try {
      return await testServiceKey(document, {
        egress: settings.keyTestMarker ? marked(egress, settings.publicUrl(), settings.keyTestMarker) : egress,
        clock: settings.clock,
        apiProbe: true,
        expectedZoneId,
        ...(settings.apiProbePath ? { apiProbePath: settings.apiProbePath } : {}),
      });
    } finally {
      await egress.close();
    }
  };
  // each call has its own deadline; the slack covers the steps' own work and closing the client
  return Object.assign(run, { maxDurationMs: (MAX_CALLS_PER_TEST + 1) * settings.timeoutMs + 30_000 });
}
