/**
 * Checks every request's path parameters, query and JSON body before a route sees them, for what no route
 * can store or process: the character U+0000 (PostgreSQL text refuses it, so it would surface as a 500 from
 * whichever query first met it) and JSON nested deeper than any calm-keys payload (recursive code further on,
 * JSON.stringify included, would overflow the stack). Either is a 400 naming the JSON path. The walk
 * (shared/input-problem.ts) is iterative, so the guard itself cannot overflow. Files (raw bytes) and token
 * forms are checked where they are read; OTLP protobuf is checked once decoded (alm-api/otlp-budget.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HTTP_ERRORS } from './error-codes.js';
import { invalidInput } from '../shared/index.js';
import { findInputProblem } from '../shared/input-problem.js';

export { findInputProblem, MAX_INPUT_DEPTH } from '../shared/input-problem.js';

function check(request: FastifyRequest): void {
  for (const [where, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const problem = findInputProblem(value);
    if (problem)
      throw invalidInput(
        HTTP_ERRORS[`invalid_${where}`],
        `The request ${where} is invalid: ${problem.path} ${problem.message}.`,
        [problem],
      );
  }
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => check(request));
}
