/**
 * Load generator for bench/ingest.ts: keeps N keep-alive HTTPS connections busy POSTing one OTLP JSON body to
 * each target in turn. After a warm-up per target it runs slices of `sliceSeconds`, alternating targets
 * A B B A A B B A ..., so that whatever else the machine does, and the growing table, weigh on all alike.
 * Usage: node --import tsx bench/ingest-load.ts '<json {targets: {name: {url, token?}}, caFile, bodyFile,
 *   seconds (per target), sliceSeconds, warmupSeconds, connections, points}>'
 * Prints one JSON line: {name: {ok, failed, firstFailure, elapsed, latencies}}.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

interface Options {
  targets: Record<string, { url: string; token?: string }>;
  caFile: string;
  bodyFile: string;
  seconds: number;
  sliceSeconds: number;
  warmupSeconds: number;
  connections: number;
  points: number;
}

interface Result {
  ok: number;
  failed: number;
  firstFailure?: string;
  elapsed: number;
  latencies: number[];
}

const options = JSON.parse(process.argv[2]!) as Options;
const dispatcher = new Agent({
  connect: { ca: readFileSync(options.caFile, 'utf8') },
  connections: options.connections,
  pipelining: 1,
  keepAliveTimeout: 60_000,
});
const body = readFileSync(options.bodyFile, 'utf8');

async function slice(
  target: { url: string; token?: string },
  seconds: number,
  into: Result | undefined,
): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
  };
  const end = Date.now() + seconds * 1000;
  async function worker() {
    while (Date.now() < end) {
      const start = performance.now();
      const res = await request(target.url, { method: 'POST', headers, body, dispatcher });
      const text = await res.body.text();
      if (!into) continue;
      if (
        res.statusCode === 200 &&
        (JSON.parse(text) as { acceptedDataPoints?: number }).acceptedDataPoints === options.points
      )
        into.latencies.push(performance.now() - start);
      else {
        into.failed += 1;
        into.firstFailure ??= `${res.statusCode} ${text.slice(0, 300)}`;
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: options.connections }, worker));
  if (into) into.elapsed += (performance.now() - started) / 1000;
}

const names = Object.keys(options.targets);
const results: Record<string, Result> = Object.fromEntries(
  names.map((n) => [n, { ok: 0, failed: 0, elapsed: 0, latencies: [] }]),
);
for (const name of names) await slice(options.targets[name]!, options.warmupSeconds, undefined);
const slices = Math.max(1, Math.round(options.seconds / options.sliceSeconds));
for (let i = 0; i < slices; i += 1) {
  const order = i % 2 === 0 ? names : [...names].reverse();
  for (const name of order) await slice(options.targets[name]!, options.seconds / slices, results[name]);
}
await dispatcher.close();
for (const r of Object.values(results)) r.ok = r.latencies.length;
process.stdout.write(`${JSON.stringify(results)}\n`);
