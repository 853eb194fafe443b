// The load generator of bench/run.mjs, in a process of its own so that the runner can pin it to the other CPU
// (`taskset -c 1 node bench/loader.mjs`). It reads the request and the load shape from BENCH_LOAD (JSON; the
// environment rather than argv, so that the credentials in the headers are not on a command line), prints
// {"event":"start"} right before the load begins (the runner reads the server's CPU time then) and one JSON line
// with the result when it ends.
/* eslint-disable no-console -- a benchmark talks on the console; only src/ logs through pino */
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const spec = JSON.parse(process.env.BENCH_LOAD ?? 'null');
if (!spec) {
  console.error('bench/loader.mjs is started by bench/run.mjs (BENCH_LOAD is not set)');
  process.exit(2);
}

process.stdout.write(`${JSON.stringify({ event: 'start' })}\n`);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const r = await autocannon({
  url: spec.url,
  method: spec.method,
  headers: spec.headers,
  body: spec.body,
  connections: spec.connections,
  duration: spec.duration,
  pipelining: 1,
});
const wall = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({
    event: 'result',
    seconds: r.duration,
    completed: r.requests.total,
    // requests written whose answer had not come when the load stopped (autocannon closes its sockets then)
    sent: r.requests.sent,
    ok: r['2xx'],
    non2xx: r.non2xx,
    statusCodes: Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
    errors: r.errors,
    timeouts: r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    loaderCpu: (cpu.user + cpu.system) / 1e6 / wall,
  })}\n`,
);
