/**
 * The first steps: the shape of the request (a form and the query string, no parameter twice, RFC 6749 3.1)
 * and how it says its client authenticates. Nothing here touches the database or counts a failure.
 */
import { readClientAuthentication } from '../client-auth.js';
import { readTokenForm } from '../token-request.js';
import { filled, type TokenContext } from './context.js';

export function parseRequest(ctx: TokenContext): void {
  ctx.params = readTokenForm({ body: ctx.request.body, url: ctx.request.url });
}

export function readCredentials(ctx: TokenContext): void {
  ctx.attempts = readClientAuthentication({
    authorization: ctx.request.authorization,
    cfEncodedCredentials: ctx.request.cfEncodedCredentials,
    params: filled(ctx, 'params'),
    certificate: ctx.request.certificate,
  });
}
