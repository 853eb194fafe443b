/**
 * A strict reader of the Prometheus text exposition format 0.0.4 for tests: every line must be a `# HELP`, a
 * `# TYPE` or a sample of the family they announced; families are contiguous and typed before their samples;
 * names, label names, escapes, values and millisecond timestamps have their exact syntax; histogram buckets
 * are cumulative, end with `le="+Inf"` and agree with `_count`. Throws naming the line; returns the families.
 */
import assert from 'node:assert/strict';

export interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
  readonly timestamp: number | undefined;
}

const METRIC = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
const VALUE = '(?:[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]Inf|NaN)';
const ESCAPED = '(?:[^"\\\\\\n]|\\\\[\\\\"n])*';
const SAMPLE = new RegExp(
  `^(${METRIC})(?:\\{((?:${LABEL}="${ESCAPED}")(?:,${LABEL}="${ESCAPED}")*)?\\})? (${VALUE})(?: (-?\\d+))?$`,
);
const PAIR = new RegExp(`(${LABEL})="(${ESCAPED})"`, 'g');

const unescape = (text: string) => text.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
const number = (text: string) => (text.endsWith('Inf') ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text));

export function checkExposition(text: string): Map<string, { type: string; samples: Sample[] }> {
  const families = new Map<string, { type: string; samples: Sample[] }>();
  if (text === '') return families;
  assert.ok(text.endsWith('\n'), 'the exposition ends with a line feed');
  let current: string | undefined;
  const done = new Set<string>();
  const enter = (name: string, line: string) => {
    if (current === name) return;
    assert.ok(!done.has(name), `family ${name} is not contiguous: ${line}`);
    if (current) done.add(current);
    current = name;
  };
  for (const line of text.slice(0, -1).split('\n')) {
    const help = /^# HELP (\S+) (.*)$/.exec(line);
    const type = /^# TYPE (\S+) (gauge|counter|histogram|summary|untyped)$/.exec(line);
    if (help) {
      assert.match(help[1]!, new RegExp(`^${METRIC}$`), line);
      enter(help[1]!, line);
      continue;
    }
    if (type) {
      enter(type[1]!, line);
      assert.ok(!families.has(type[1]!), `a second TYPE: ${line}`);
      families.set(type[1]!, { type: type[2]!, samples: [] });
      continue;
    }
    assert.ok(!line.startsWith('#'), `an unknown comment: ${line}`);
    const m = SAMPLE.exec(line);
    assert.ok(m, `not a sample line: ${JSON.stringify(line)}`);
    const family = families.get(current ?? '');
    assert.ok(current && family, `a sample before its TYPE: ${line}`);
    const suffixes = family.type === 'histogram' ? ['_bucket', '_sum', '_count'] : [''];
    assert.ok(
      suffixes.some((s) => m[1] === `${current}${s}`),
      `sample ${m[1]} in family ${current}`,
    );
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(PAIR)) {
      assert.ok(!(pair[1]! in labels), `label ${pair[1]} twice: ${line}`);
      labels[pair[1]!] = unescape(pair[2]!);
    }
    family.samples.push({
      name: m[1]!,
      labels,
      value: number(m[3]!),
      timestamp: m[4] === undefined ? undefined : Number(m[4]),
    });
  }
  for (const [name, family] of families) {
    if (family.type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const s of family.samples.filter((x) => x.name === `${name}_bucket`)) {
      const { le, ...rest } = s.labels;
      assert.ok(le !== undefined, `a bucket without le in ${name}`);
      const key = JSON.stringify([rest, s.timestamp]);
      series.set(key, [...(series.get(key) ?? []), s]);
    }
    for (const [key, buckets] of series) {
      const bounds = buckets.map((b) => number(b.labels.le!));
      assert.deepEqual(
        bounds,
        [...bounds].sort((a, b) => a - b),
        `buckets in order: ${key}`,
      );
      assert.equal(bounds.at(-1), Infinity, `a +Inf bucket: ${key}`);
      const counts = buckets.map((b) => b.value);
      assert.deepEqual(
        counts,
        [...counts].sort((a, b) => a - b),
        `cumulative buckets: ${key}`,
      );
      const [rest, ts] = JSON.parse(key) as [Record<string, string>, number];
      const count = family.samples.find(
        (x) => x.name === `${name}_count` && x.timestamp === ts && JSON.stringify(x.labels) === JSON.stringify(rest),
      );
      assert.equal(count?.value, counts.at(-1), `_count equals the +Inf bucket: ${key}`);
    }
  }
  return families;
}
