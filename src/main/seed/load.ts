/**
 * Reading a seed file: YAML (the `yaml` package, YAML 1.2) or JSON by its extension, `${VAR}` in any string
 * replaced by that environment variable, then the schema (schema.ts). Every problem is one detail naming its
 * path (`subaccounts[0].instances[0].bindings[0].clientsecret`), all of them at once, so that a person fixes the
 * file in one go; the values are never echoed (a seed holds secrets). Runs before the start creates anything.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { DomainError, jsonPath, type Problem } from '../../shared/index.js';
import { MAIN_ERRORS } from '../errors.js';
import { seedSchema, type Seed } from './schema.js';

/** `${NAME}`; `$${NAME}` stands for the text `${NAME}` itself. */
const VARIABLE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export type VariableLookup = (name: string) => string | undefined;

/** Reads, substitutes and checks the seed file; throws `seed.unreadable` or `seed.invalid` naming each path. */
export function loadSeedFile(file: string, variable: VariableLookup): Seed {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as { code?: string }).code === 'ENOENT' ? 'no such file' : String((error as Error).message);
    throw new DomainError(
      'invalid_input',
      MAIN_ERRORS.seed_unreadable,
      `Cannot read the seed file ${file}: ${reason}.`,
    );
  }
  return parseSeed(text, extname(file).toLowerCase() === '.json' ? 'json' : 'yaml', variable, file);
}

export function parseSeed(text: string, format: 'yaml' | 'json', variable: VariableLookup, file?: string): Seed {
  const raw = format === 'json' ? readJson(text, file) : readYaml(text, file);
  const problems: Problem[] = [];
  const substituted = substitute(raw ?? {}, [], variable, problems);
  if (problems.length > 0) throw invalid(file, problems);
  const parsed = seedSchema.safeParse(substituted);
  if (!parsed.success) throw invalid(file, parsed.error.issues.flatMap(problemsOf));
  return parsed.data;
}

function readJson(text: string, file: string | undefined): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid(file, [{ path: '$', message: `is not JSON: ${(error as Error).message}` }]);
  }
}

function readYaml(text: string, file: string | undefined): unknown {
  const document = parseDocument(text);
  if (document.errors.length > 0)
    throw invalid(
      file,
      document.errors.map((e) => ({
        path: '$',
        // the yaml package's first line names the line and column
        message: `is not YAML: ${e.message.split('\n')[0]!.replace(/:$/, '')}`,
      })),
    );
  return document.toJS() as unknown;
}

/** Every string with `${VAR}` gets the variable's value; an unset variable is a problem at that path. */
function substitute(value: unknown, path: (string | number)[], variable: VariableLookup, problems: Problem[]): unknown {
  if (typeof value === 'string')
    return value.replace(VARIABLE, (whole: string, escaped: string, name: string) => {
      if (escaped) return whole.slice(1);
      const found = variable(name);
      if (found === undefined)
        problems.push({ path: jsonPath(path), message: `the environment variable ${name} is not set` });
      return found ?? '';
    });
  if (Array.isArray(value)) return value.map((item, i) => substitute(item, [...path, i], variable, problems));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, [...path, key], variable, problems)]),
    );
  return value;
}

function problemsOf(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({ path: jsonPath([...path, key]), message: 'is not a field of the seed format' }));
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message))
    return [{ path: jsonPath(path), message: 'is required' }];
  return [{ path: jsonPath(path), message: issue.message }];
}

function invalid(file: string | undefined, problems: Problem[]): DomainError {
  const named = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  const what = file === undefined ? 'The seed' : `The seed file ${file}`;
  return new DomainError('invalid_input', MAIN_ERRORS.seed_invalid, `${what} is invalid: ${named}.`, {
    details: problems,
  });
}
