/**
 * `startCalmKeys()`: the real calm-keys server for a test suite, on an in-memory database by default, with a
 * seeded landscape, the dev clock and fault injection at hand, and everything a test needs to talk to it.
 */
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import { adminApi, boundFetch, trustingDispatcher, type AdminApi, type BoundFetch } from './http.js';
import { defaultServerCommand, startServerProcess, type ReadyFacts } from './server-process.js';
import { readSeededKeys, requestToken, type ServiceKey, type TokenAnswer } from './keys.js';
import { clockControl, faultControl, type ClockControl, type FaultControl } from './controls.js';

export interface StartOptions {
  /** A seed file's path, or the seed itself (the shape of `serve --seed`, README "Seeded landscapes"). */
  readonly seed?: string | object;
  /** In-memory database and a temporary data directory removed at stop (default true). */
  readonly inMemory?: boolean;
  /** Start with `--dev-clock`, so that `clock.advance()` works (default true). */
  readonly devClock?: boolean;
  /** Extra environment of the server (CALM_KEYS_* settings, the variables a seed's `${VAR}` names). */
  readonly env?: Readonly<Record<string, string>>;
  /** How long the start may take before it fails (default 60 s). */
  readonly startTimeoutMs?: number;
  /**
   * The program and leading arguments that run the CLI (default: this package's bin/calm-keys.js with the
   * current Node). calm-keys' own tests pass a tsx command to run from source.
   */
  readonly serverCommand?: readonly string[];
}

export interface CalmKeys {
  /** Base URL of the main listener (UI, REST, token endpoint, Cloud ALM API), e.g. https://127.0.0.1:40123. */
  readonly url: string;
  /** Token endpoint of the mTLS listener (x509 keys), if it listens. */
  readonly mtlsUrl: string | null;
  /** The local CA's PEM file to trust (NODE_EXTRA_CA_CERTS of a child process, curl --cacert); null without TLS. */
  readonly caFile: string | null;
  /** The CA's PEM text, for clients that take it (https.Agent({ ca }), axios). */
  readonly ca: string | undefined;
  /** An undici dispatcher that trusts the CA, for `fetch(url, { dispatcher })` or undici's setGlobalDispatcher. */
  readonly dispatcher: Dispatcher;
  /** fetch that trusts the CA. */
  readonly fetch: BoundFetch;
  /** The seeded service keys by binding name (the JSON a BTP cockpit download gives). */
  readonly keys: Readonly<Record<string, ServiceKey>>;
  /** A client-credentials access token of a seeded key (its token endpoint, its secret). */
  token(keyName: string): Promise<string>;
  /** The whole token answer (access_token, expires_in, scope, ...). */
  tokenAnswer(keyName: string): Promise<TokenAnswer>;
  /** Fault injection (calm-keys faults). */
  readonly faults: FaultControl;
  /** The dev clock (calm-keys clock); needs devClock (the default). */
  readonly clock: ClockControl;
  /** The administrator's REST calls (an API token of the started server's administrator). */
  readonly admin: AdminApi;
  /**
   * Makes node:https's global agent of this process trust the server's CA too (public CAs stay trusted), for
   * libraries that call https.request without an agent of their own: @sap/xssec (its JWKS and token calls), the
   * SAP Cloud SDK, axios. NODE_EXTRA_CA_CERTS cannot do it here, as Node reads that only at its start. stop()
   * puts the agent's previous setting back.
   */
  trustInThisProcess(): void;
  /** What the server printed so far (for a failing test's message). */
  output(): string;
  /** SIGTERM, the in-flight requests drain, the temporary data directory goes. */
  stop(): Promise<void>;
}

export async function startCalmKeys(options: StartOptions = {}): Promise<CalmKeys> {
  const work = mkdtempSync(join(tmpdir(), 'calm-keys-testing-'));
  const args = ['serve', '--port', '0'];
  if (options.inMemory ?? true) args.push('--in-memory');
  if (options.devClock ?? true) args.push('--dev-clock');
  if (typeof options.seed === 'string') args.push('--seed', options.seed);
  else if (options.seed !== undefined) {
    const file = join(work, 'seed.json');
    writeFileSync(file, JSON.stringify(options.seed), { mode: 0o600 });
    args.push('--seed', file);
  }
  const adminPassword = `testing-${randomBytes(18).toString('base64url')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CALM_KEYS_MTLS_PORT: '0',
    CALM_KEYS_LOG_LEVEL: 'warn',
    // without --in-memory the data directory is a temporary one too, unless the caller names one
    CALM_KEYS_DATA_DIR: join(work, 'data'),
    ...options.env,
    CALM_KEYS_ADMIN_PASSWORD: adminPassword,
  };
  let server;
  try {
    server = await startServerProcess(
      options.serverCommand ?? defaultServerCommand(),
      args,
      env,
      options.startTimeoutMs ?? 60_000,
    );
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  let untrust: (() => void) | undefined;
  const stopAll = async () => {
    untrust?.();
    await server.stop();
    await dispatcher.close();
    rmSync(work, { recursive: true, force: true });
  };
  const ready: ReadyFacts = server.ready;
  const { dispatcher, ca, trusted } = trustingDispatcher(ready.caFile);
  const fetch = boundFetch(dispatcher);
  try {
    const admin = await adminApi(fetch, ready.url, ready.adminUser, adminPassword);
    const keys = await readSeededKeys(admin);
    const key = (name: string): ServiceKey => {
      const found = keys[name];
      if (!found)
        throw new Error(`No seeded service key "${name}"; the seed has: ${Object.keys(keys).join(', ') || 'none'}`);
      return found;
    };
    return {
      url: ready.url,
      mtlsUrl: ready.mtlsUrl,
      caFile: ready.caFile,
      ca,
      dispatcher,
      fetch,
      keys,
      async token(name) {
        return (await requestToken(fetch, key(name), trusted)).access_token;
      },
      tokenAnswer: async (name) => requestToken(fetch, key(name), trusted),
      faults: faultControl(admin),
      clock: clockControl(admin),
      admin,
      trustInThisProcess() {
        if (untrust || !ca) return;
        const options = https.globalAgent.options;
        const previous = options.ca;
        options.ca = [...trusted];
        untrust = () => void (options.ca = previous);
      },
      output: server.output,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
