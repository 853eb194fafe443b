/**
 * `calm-keys faults add|list|delete|clear`: fault injection over the REST API (`/faults/v1/faults`, the calm-keys
 * Administrator's personal API token). A test suite makes the token endpoint, the JWKS or the Cloud ALM API fail on
 * demand: an error status, a delay, a reset connection or a rate limit, for one client or all, with a probability
 * and a lifetime. Exit codes: 0 success, 2 usage, access or server problems.
 */
import type { Command } from 'commander';
import { formatDuration, readDuration, type DurationRules } from '../shared/index.js';
import { answer, withApiClient, withServerOptions, type Schemas } from './api-client.js';
import { usage } from './files.js';

type Fault = Schemas['FaultView'];
type AddFault = Schemas['AddFault'];

interface AddOptions {
  target?: string;
  client?: string;
  status?: string;
  latency?: string;
  reset?: boolean;
  rateLimit?: boolean;
  retryAfter?: string;
  probability?: string;
  for?: string;
  json?: boolean;
}

/** `--latency`: `250ms` as well as `2s`, `1m30s` (a latency is often less than a second), 1 ms to 2 min (MAX_LATENCY_MS). */
export const LATENCY_RULES = { milliseconds: true, minMs: 1, maxMs: 120_000 } as const;
/** `--for`: how long the fault stays, 1 ms to 7 days (MAX_ACTIVE_MS). */
export const ACTIVE_FOR_RULES = { milliseconds: true, minMs: 1, maxMs: 7 * 86_400_000 } as const;

/** Milliseconds of a duration flag under its rules; a usage error (exit 2) that names the bounds otherwise. */
export function durationMs(text: string, flag: string, rules: DurationRules): number {
  const reading = readDuration(text, rules);
  if ('ms' in reading) return reading.ms;
  const bounds = `from ${rules.minMs ?? 0}ms to ${formatDuration(rules.maxMs ?? 0)}`;
  return usage(
    reading.problem === 'not_a_duration'
      ? `${flag} takes a duration such as 500ms, 30s, 5m or 1h (got "${text}")`
      : `${flag} takes a duration ${bounds} (got "${text}")`,
  );
}

/** `token`, `jwks`, `api` or `api:<route prefix>` (`api:calm-metrics/v1`). */
export function parseTarget(text: string): Pick<AddFault, 'target' | 'route'> {
  const [target, ...rest] = text.split(':');
  const route = rest.join(':');
  if (target === 'api') return { target: 'api', ...(route ? { route } : {}) };
  if ((target === 'token' || target === 'jwks') && rest.length === 0) return { target };
  return usage(`--target takes token, jwks, api or api:<route> such as api:calm-metrics/v1 (got "${text}")`);
}

export function addBody(options: AddOptions): AddFault {
  if (!options.target) usage('--target <token|jwks|api[:<route>]> is required');
  const effects = [options.status, options.latency, options.reset, options.rateLimit].filter((e) => e !== undefined);
  if (effects.length !== 1) usage('give exactly one of --status <code>, --latency <duration>, --reset, --rate-limit');
  const body: AddFault = { ...parseTarget(options.target!), kind: 'reset' };
  if (options.client) body.clientId = options.client;
  if (options.status !== undefined) {
    const status = Number(options.status);
    if (!Number.isInteger(status) || status < 400 || status > 599)
      usage('--status takes an HTTP status from 400 to 599');
    Object.assign(body, { kind: 'status', status });
  } else if (options.latency !== undefined) {
    Object.assign(body, { kind: 'latency', latencyMs: durationMs(options.latency, '--latency', LATENCY_RULES) });
  } else if (options.rateLimit) body.kind = 'rate_limit';
  if (options.retryAfter !== undefined) {
    const seconds = Number(options.retryAfter);
    if (!Number.isInteger(seconds) || seconds < 0) usage('--retry-after takes whole seconds');
    body.retryAfterSeconds = seconds;
  }
  if (options.probability !== undefined) {
    const p = Number(options.probability);
    if (options.probability.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1)
      usage('--probability takes a number from 0 to 1');
    body.probability = p;
  }
  if (options.for !== undefined) body.activeForMs = durationMs(options.for, '--for', ACTIVE_FOR_RULES);
  return body;
}

/** One line a person reads: what the fault does, where, how often, until when. */
export function describeFault(f: Fault): string {
  const effect =
    f.kind === 'status'
      ? `answers ${f.status}`
      : f.kind === 'latency'
        ? `delays ${f.latencyMs} ms`
        : f.kind === 'reset'
          ? 'resets the connection'
          : 'answers 429 (rate limit)';
  const where = f.target === 'api' ? `api${f.route ? `:${f.route}` : ''}` : f.target;
  const who = f.clientId ? ` for client ${f.clientId}` : '';
  const often = f.probability < 1 ? `, probability ${f.probability}` : '';
  const until = f.expiresAt ? `, until ${f.expiresAt}` : '';
  return `${where}${who} ${effect}${often}${until}`;
}

export function registerFaultCommands(program: Command): void {
  const faults = program
    .command('faults')
    .description(
      'Fault injection for tests: make the token endpoint, the JWKS or the Cloud ALM API fail on demand (calm-keys Administrator)',
    );

  withServerOptions(
    faults
      .command('add')
      .description('Add a fault; it applies on every process of the server within about a second')
      .option('--target <target>', 'token (/oauth/token, both listeners), jwks (/token_keys), api or api:<route>')
      .option('--client <clientid>', 'only requests of this client (default: every client)')
      .option('--status <code>', 'answer this HTTP status (400..599; 503 and 429 carry Retry-After)')
      .option('--latency <duration>', 'wait this long, then serve as usual (500ms, 2s, ...; at most 2m)')
      .option('--reset', 'close the connection without an answer')
      .option('--rate-limit', 'answer 429 with Retry-After')
      .option('--retry-after <seconds>', 'the Retry-After of a 429 or 503 (default 1)')
      .option('--probability <0..1>', 'the share of matching requests that get it (default 1)')
      .option('--for <duration>', 'expire after this long (default: until deleted)')
      .option('--json', 'print the fault as JSON'),
  ).action((options: AddOptions & { url?: string; token?: string; ca?: string }) => {
    const body = addBody(options);
    return withApiClient(options, async (api) => {
      const fault = await answer(api.POST('/faults/v1/faults', { body }));
      if (options.json) return console.log(JSON.stringify(fault, null, 2));
      console.log(`fault ${fault.id}: ${describeFault(fault)}`);
    });
  });

  withServerOptions(faults.command('list').description('The active faults, oldest first'))
    .option('--json', 'print the answer as JSON')
    .action((options: { url?: string; token?: string; ca?: string; json?: boolean }) =>
      withApiClient(options, async (api) => {
        const { items } = await answer(api.GET('/faults/v1/faults'));
        if (options.json) return console.log(JSON.stringify(items, null, 2));
        if (items.length === 0) return console.log('no faults');
        for (const f of items) console.log(`${f.id}  ${describeFault(f)}`);
      }),
    );

  withServerOptions(faults.command('delete <id>').description('Delete one fault')).action(
    (id: string, options: { url?: string; token?: string; ca?: string }) =>
      withApiClient(options, async (api) => {
        await answer(api.DELETE('/faults/v1/faults/{faultId}', { params: { path: { faultId: id } } }));
        console.log(`deleted fault ${id}`);
      }),
  );

  withServerOptions(faults.command('clear').description('Delete every fault')).action(
    (options: { url?: string; token?: string; ca?: string }) =>
      withApiClient(options, async (api) => {
        const { deleted } = await answer(api.DELETE('/faults/v1/faults'));
        console.log(deleted === 1 ? 'deleted 1 fault' : `deleted ${deleted} faults`);
      }),
  );
}
