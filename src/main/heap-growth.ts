/**
 * How far V8 lets the old generation grow past what the last full collection kept before it collects again.
 * Under a push load (32 collectors at once, each push waiting for the shared commit) objects of the pushes in
 * flight outlive two young-generation collections and move to the old generation; V8's own factor (up to 4x the
 * live heap) then let the heap fill with dead pushes to ~130 MB before a full collection, so the RSS went up and
 * down between ~180 and ~270 MiB (issue 15; the live heap after a full collection stays ~40 MB, no leak).
 *
 * `--heap-growing-percent` is read by V8 each time it sets the next limit, so it applies when set at run time.
 * 50 % (the next full collection at 1.5x the live heap) bounded the RSS of the ingest benchmark at ~176 MiB at no
 * measured CPU cost; 25 % gave ~165 MiB at +6 % CPU per push, 10 % ~164 MiB at +12 % (the rest is code, the young
 * generation and the ~130 MiB a started server holds). The flag given on node's command line wins.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): void {
  if (!execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg)))
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
