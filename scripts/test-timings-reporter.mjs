// A node:test reporter that records how long each test file ran (first to last event of the file, in ms) and
// writes them as JSON when the run ends. scripts/run-tests.mjs adds it when CALM_KEYS_TEST_TIMINGS names a file;
// `npm run test:timings` uses it to refresh scripts/test-durations.json, by which the runner starts the longest
// files first (a long file started last would otherwise run alone at the end of the run).
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default async function* timingsReporter(source) {
  const spans = new Map();
  for await (const event of source) {
    const file = event.data?.file;
    // A file's tests are enqueued when the run starts, long before the file gets its turn.
    if (!file || event.type === 'test:enqueue') continue;
    const now = Date.now();
    const span = spans.get(file);
    if (span) span.last = now;
    else spans.set(file, { first: now, last: now });
  }
  const durations = {};
  for (const [file, span] of [...spans].sort((a, b) => b[1].last - b[1].first - (a[1].last - a[1].first))) {
    durations[relative(process.cwd(), file)] = span.last - span.first;
  }
  writeFileSync(process.env.CALM_KEYS_TEST_TIMINGS, JSON.stringify(durations, null, 2) + '\n');
  yield '';
}
