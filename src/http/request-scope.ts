/**
 * Opens the audit request scope (audit/request-scope.ts) for every request, so that each audit record
 * written while it is served carries its id: the `requestId` of an error body and the `x-request-id` header.
 * Installed as the first onRequest hook, before authentication, so that its records are tagged too; fastify
 * keeps the scope across reading the body (its content-type parser runs in the request's async resource).
 */
import type { FastifyInstance } from 'fastify';
import { runInRequestScope } from '../audit/index.js';

export function installRequestScope(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => runInRequestScope(String(request.id), done));
}
