/**
 * `calm-keys agent push --key <file> --service <id>`: the reference data collector. It does what a managed
 * system does with the service key: obtains a token (client credentials), then pushes sample metrics (CPU,
 * memory, availability) to `endpoints.Api` + `/calm-metrics/v1/metrics?serviceId=<id>` every interval,
 * retrying with backoff on 429/5xx. One line per push on stdout; never the secret or the token.
 * Exit 0 when every push was accepted (after --count pushes, Ctrl-C, or when stdout is closed); 1 when a push failed: a refusal (the
 * token server or the API said no: 4xx other than 429, an untrusted certificate) stops at once, a transient failure
 * whose attempts ran out is reported and collecting goes on; 2 for usage.
 */
import type { Command } from 'commander';
import { createEgressClient } from '../egress/index.js';
import { fetchClientCredentialsToken, readKeyUnderTest } from '../key-test/index.js';
import { parseServiceKey } from '../service-key/index.js';
import { isDomainError } from '../shared/index.js';
import { abortableSleep as sleep, createPusher, createTokenSource } from './agent-pusher.js';
import { readKeyFile, usage } from './files.js';
import { trustedCaCertificates } from './trust.js';
import { CliExit } from './output.js';
import { createSampler } from './sample-metrics.js';

interface AgentFlags {
  key: string;
  service: string;
  interval?: string;
  count?: string;
  ca?: string[];
  timeout?: string;
  attempts?: string;
}

function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    usage(`${name} must be a whole number from 1 to ${max}, not "${value}"`);
  return n;
}

async function runAgent(flags: AgentFlags): Promise<void> {
  const intervalS = positiveInt(flags.interval, '--interval', 60, 86_400);
  const count = flags.count === undefined ? Infinity : positiveInt(flags.count, '--count', 1, 1_000_000);
  const timeoutMs = positiveInt(flags.timeout, '--timeout', 10_000, 120_000);
  const maxAttempts = positiveInt(flags.attempts, '--attempts', 5, 20);
  if (!/^[\w.-]{1,100}$/.test(flags.service))
    usage('--service is the id of the managed service or system in Landscape Management');
  const { bytes, totalBytes } = readKeyFile(flags.key);
  const parsed = parseServiceKey(bytes, { totalBytes });
  if (!parsed.ok) usage(`${flags.key}: ${parsed.problem.message}`);
  let apiUrl: string | undefined;
  try {
    apiUrl = readKeyUnderTest(parsed.key.document).apiUrl;
  } catch (error) {
    usage(`${flags.key}: ${isDomainError(error) ? error.message : 'the key cannot be read'}`);
  }
  if (!apiUrl) usage(`${flags.key} has no endpoints.Api: the collector does not know where to push`);

  const caCertificates = trustedCaCertificates(flags.ca);
  const egress = createEgressClient({
    timeoutMs,
    connectTimeoutMs: Math.min(timeoutMs, 5_000),
    ...(caCertificates.length > 0 ? { caCertificates } : {}),
  });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // the reader of stdout went away (`agent push ... | head -1`): the next line fails with EPIPE, an 'error' on
  // process.stdout that would end the collector with a stack trace; nobody reads on, so stop as on Ctrl-C
  process.stdout.on('error', onSignal);
  const url = `${apiUrl.replace(/\/+$/, '')}/calm-metrics/v1/metrics?serviceId=${encodeURIComponent(flags.service)}`;
  const push = createPusher({
    egress,
    tokens: createTokenSource(() => fetchClientCredentialsToken(parsed.key.document, egress), Date.now),
    settings: { url, maxAttempts, baseDelayMs: 1_000, maxDelayMs: 60_000 },
    sleep: (ms) => sleep(ms, stop.signal),
    onRetry: (attempt, delayMs, why) =>
      console.error(`${new Date().toISOString()}  retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s: ${why}`),
  });
  const sample = createSampler(`calm-keys-agent/${flags.service}`);
  let failed = 0;
  let stoppedBy: string | undefined;
  try {
    console.log(
      `pushing to ${url} every ${intervalS} s${Number.isFinite(count) ? `, ${count} time(s)` : ''} (Ctrl-C stops)`,
    );
    for (let n = 1; n <= count && !stop.signal.aborted; n += 1) {
      const outcome = await push(sample(new Date()));
      if (stop.signal.aborted) break;
      if (outcome.ok) {
        console.log(
          `${new Date().toISOString()}  push ${n}: ${outcome.accepted} data points accepted${outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : ''}`,
        );
      } else {
        failed += 1;
        console.error(`${new Date().toISOString()}  push ${n} failed: ${outcome.reason}`);
        // retries were spent on a transient problem: keep collecting; a refusal needs a person: stop
        if (!outcome.transient) {
          stoppedBy = outcome.reason;
          break;
        }
      }
      if (n < count) await sleep(intervalS * 1000, stop.signal);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.stdout.off('error', onSignal);
    await egress.close();
  }
  if (stoppedBy !== undefined) console.error(`stopped: ${stoppedBy}`);
  else if (failed > 0) console.error(`${failed} push(es) failed`);
  if (failed > 0) throw new CliExit(1);
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerAgentCommands(program: Command): void {
  const agent = program
    .command('agent')
    .description('The reference data collector: what a managed service does with the service key');
  agent
    .command('push')
    .description(
      'Obtain a token with the service key and push sample metrics (CPU, memory, availability) to the Cloud ALM API on an interval',
    )
    .requiredOption('--key <file>', 'the service-key JSON file')
    .requiredOption(
      '--service <id>',
      'the managed service or system id in Landscape Management (its monitoring must be enabled)',
    )
    .option('--interval <seconds>', 'seconds between pushes (default 60)')
    .option('--count <n>', 'stop after n pushes (default: until Ctrl-C)')
    .option('--timeout <ms>', 'deadline of each HTTP request (default 10000)')
    .option(
      '--attempts <n>',
      'attempts per push on 429, 5xx and network failures, with backoff (default 5); refusals are not retried',
    )
    .option(
      '--ca <pemfile>',
      'trust this CA certificate too, e.g. the calm-keys local CA (repeatable; env CALM_KEYS_CA_FILE; else ./data/tls/ca.pem when present; NODE_EXTRA_CA_CERTS is kept)',
      collect,
    )
    .action((flags: AgentFlags) => runAgent(flags));
}
