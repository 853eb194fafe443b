/** Parses request input with a zod schema; a mismatch is a 400 naming the JSON path of each problem. */
import type { z } from 'zod';
import { HTTP_ERRORS } from './error-codes.js';
import { invalidInput, jsonPath, type Problem } from '../shared/index.js';

export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params' = 'body',
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const details: Problem[] = result.error.issues.map((issue) => ({
    path: jsonPath(issue.path.filter((p): p is string | number => typeof p !== 'symbol')),
    message: issue.message,
  }));
  throw invalidInput(
    HTTP_ERRORS[`invalid_${where}`],
    `The request ${where} is invalid: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`,
    details,
  );
}
