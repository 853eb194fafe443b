// Self time by function from a V8 .cpuprofile (what `node --cpu-prof` writes), as markdown: the top functions, and
// the same time grouped by where the code lives (a node_modules package, a calm-keys module under dist/, Node's
// internals). A .cpuprofile holds the main thread only: work on libuv's threadpool (WebCrypto's RSA signatures,
// which jose uses) is not in it, and shows as time the main thread waited, "(idle)" or "(program)".
//
//   node bench/profile-summary.mjs <file.cpuprofile> [top]
/* eslint-disable no-console -- a benchmark talks on the console; only src/ logs through pino */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Where a function lives, short: a path relative to the checkout, or node:..., or '' for V8's own entries. */
function place(url) {
  if (!url) return '';
  if (url.startsWith('node:')) return url;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith('/') ? relative(ROOT, path) : path;
}

/** The group a location belongs to: the package, the calm-keys module (dist/<module>/), node internals or V8. */
function group(location) {
  if (!location) return '(V8: program, idle, GC)';
  if (location.startsWith('node:')) return 'node: internals';
  const nm = location.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = location.slice(nm + 'node_modules/'.length).split('/');
    return `npm ${rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  const dist = /^dist\/([^/]+)/.exec(location);
  if (dist) return `calm-keys ${dist[1].replace(/\.js$/, '')}/`;
  return location;
}

/**
 * Self time per function (µs), from the samples and their time deltas: sample i lasts until sample i+1. With
 * `windows` ([startUs, endUs] pairs on the profile's clock, CLOCK_MONOTONIC like process.hrtime), only the samples
 * inside them count: the measured loads, without start-up, set-up and the time the server waited for its turn.
 * @returns {{ totalUs: number, idleUs: number, functions: {name: string, location: string, selfUs: number}[], groups: {group: string, selfUs: number}[] }}
 */
export function summarize(profile, windows) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfByNode = new Map();
  const { samples = [], timeDeltas = [] } = profile;
  const inWindow = (t) => !windows || windows.some(([from, to]) => t >= from && t < to);
  let t = profile.startTime;
  for (let i = 0; i < samples.length; i++) {
    t += timeDeltas[i] ?? 0;
    if (!inWindow(t)) continue;
    const us = timeDeltas[i + 1] ?? 0;
    selfByNode.set(samples[i], (selfByNode.get(samples[i]) ?? 0) + us);
  }
  const functions = new Map();
  const groups = new Map();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfByNode) {
    const { functionName, url, lineNumber } = nodes.get(id).callFrame;
    const location = place(url);
    const name = functionName || '(anonymous)';
    const key = `${name}\u0000${location}\u0000${lineNumber}`;
    const entry = functions.get(key) ?? { name, location: location ? `${location}:${lineNumber + 1}` : '', selfUs: 0 };
    entry.selfUs += us;
    functions.set(key, entry);
    const g = group(location);
    groups.set(g, (groups.get(g) ?? 0) + us);
    totalUs += us;
    if (name === '(idle)') idleUs += us;
  }
  const byTime = (a, b) => b.selfUs - a.selfUs;
  return {
    totalUs,
    idleUs,
    functions: [...functions.values()].sort(byTime),
    groups: [...groups].map(([g, selfUs]) => ({ group: g, selfUs })).sort(byTime),
  };
}

/** Markdown: the top `top` functions by self time, then the groups; with `requests`, busy time per request. */
export function formatSummary(summary, top = 20, requests = undefined) {
  const ms = (us) => (us / 1000).toFixed(0);
  const busy = summary.totalUs - summary.idleUs;
  const pct = (us) => `${((us / summary.totalUs) * 100).toFixed(1)}%`;
  const pctBusy = (us) => (busy > 0 ? `${((us / busy) * 100).toFixed(1)}%` : '-');
  const lines = [
    `main thread: ${ms(summary.totalUs)} ms sampled, ${ms(busy)} ms busy (not "(idle)")` +
      (requests ? `, ${requests} requests answered: ${(busy / requests).toFixed(0)} µs busy per request` : ''),
    '',
    `| # | function | where | self ms | of all | of busy |`,
    `| ---: | --- | --- | ---: | ---: | ---: |`,
    ...summary.functions
      .slice(0, top)
      .map(
        (f, i) =>
          `| ${i + 1} | ${f.name.replace(/\|/g, '\\|')} | ${f.location || '-'} | ${ms(f.selfUs)} | ${pct(f.selfUs)} | ${f.name === '(idle)' ? '-' : pctBusy(f.selfUs)} |`,
      ),
    '',
    `| where (self time, grouped) | self ms | of all |`,
    `| --- | ---: | ---: |`,
    ...summary.groups.slice(0, 12).map((g) => `| ${g.group} | ${ms(g.selfUs)} | ${pct(g.selfUs)} |`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
    process.exit(2);
  }
  console.log(formatSummary(summarize(JSON.parse(readFileSync(file, 'utf8'))), Number(process.argv[3] ?? 20)));
}
