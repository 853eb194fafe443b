/** Load generator for bench/token.ts: keeps N keep-alive connections busy with token requests. */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';

const [url, caFile, clientId, secret, secondsText, connectionsText] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const dispatcher = new Agent({
  connect: { ca: readFileSync(caFile, 'utf8') },
  connections: Number(connectionsText),
  pipelining: 1,
  keepAliveTimeout: 30_000,
});
const body = new URLSearchParams({
  grant_type: 'client_credentials',
  client_id: clientId,
  client_secret: secret,
}).toString();
const latencies: number[] = [];
let failed = 0;
const end = Date.now() + Number(secondsText) * 1000;

async function worker() {
  while (Date.now() < end) {
    const start = performance.now();
    const res = await request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      dispatcher,
    });
    await res.body.text();
    if (res.statusCode === 200) latencies.push(performance.now() - start);
    else failed += 1;
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: Number(connectionsText) }, worker));
const elapsed = (Date.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
await dispatcher.close();
process.stdout.write(
  `${JSON.stringify({ ok: latencies.length, failed, perSecond: latencies.length / elapsed, p50: pct(50), p99: pct(99) })}\n`,
);
