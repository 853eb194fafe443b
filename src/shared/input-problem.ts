/**
 * The check every input passes before calm-keys processes it (http/input-guard.ts runs it on each request's
 * params, query and JSON body; alm-api on OTLP protobuf once decoded): no character U+0000 (PostgreSQL text
 * refuses it, so it would surface as a 500 from whichever query first met it) and no nesting deeper than any
 * calm-keys payload (recursive code further on, zod and JSON.stringify included, would overflow the stack).
 * The walk is iterative, so the check itself cannot overflow.
 */
import { jsonPath } from './json-path.js';

/** Deeper than any request calm-keys takes (OTLP attribute values included), far below the stack's limit. */
export const MAX_INPUT_DEPTH = 64;

interface Node {
  readonly value: unknown;
  readonly key: string | number | undefined;
  readonly parent: Node | undefined;
  readonly depth: number;
}

function pathOf(node: Node): (string | number)[] {
  const segments: (string | number)[] = [];
  for (let n: Node | undefined = node; n?.key !== undefined; n = n.parent) segments.unshift(n.key);
  return segments;
}

/**
 * True when `value` has no problem: the same rules as the walk below, without its bookkeeping (a node per value,
 * Object.entries per object), which made the guard ~4% of an ingest request (issue 15 profile). Recursion stops
 * at MAX_INPUT_DEPTH, so it cannot overflow; only an input with a problem is walked again for its path.
 */
function isClean(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return !value.includes('\u0000');
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value) || value instanceof URLSearchParams)
    return true;
  if (depth >= MAX_INPUT_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (!isClean(value[i], depth + 1)) return false;
    return true;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (key.includes('\u0000') || !isClean(record[key], depth + 1)) return false;
  return true;
}

/** The first problem in a parsed input value, or undefined. */
export function findInputProblem(value: unknown): { path: string; message: string } | undefined {
  if (isClean(value, 0)) return undefined;
  const nul = (node: Node) => ({
    path: jsonPath(pathOf(node)),
    message: 'contains the character U+0000 (NUL), which is not accepted',
  });
  const stack: Node[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return nul(node);
      continue;
    }
    if (typeof v !== 'object' || v === null || Buffer.isBuffer(v) || v instanceof URLSearchParams) continue;
    if (node.depth >= MAX_INPUT_DEPTH)
      return { path: jsonPath(pathOf(node)), message: `nests deeper than ${MAX_INPUT_DEPTH} levels` };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i -= 1)
        stack.push({ value: v[i], key: i, parent: node, depth: node.depth + 1 });
      continue;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, field] = entries[i]!;
      const child: Node = { value: field, key, parent: node, depth: node.depth + 1 };
      if (key.includes('\u0000')) return nul(child);
      stack.push(child);
    }
  }
  return undefined;
}
