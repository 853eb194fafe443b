/**
 * The shape of a token request before anything in it is believed (RFC 6749): a form body (section 3.2),
 * no parameters in the URL (refused, not merged: a query string ends up in logs and proxies), and no
 * parameter twice (section 3.1: "Request and response parameters MUST NOT be included more than once").
 * A repeated `client_id` or `grant_type` would otherwise mean whichever copy a reader happens to take.
 */
import { OAuthError } from './oauth-error.js';

export const NOT_A_FORM = 'The token request must be a form (Content-Type: application/x-www-form-urlencoded).';

export function readTokenForm(input: { body: unknown; url: string }): URLSearchParams {
  const form = input.body;
  if (!(form instanceof URLSearchParams)) throw new OAuthError('invalid_request', NOT_A_FORM);
  if (input.url.includes('?'))
    throw new OAuthError('invalid_request', 'Send the token request parameters in the form body, not in the URL.');
  const repeated = [...new Set(form.keys())].filter((name) => form.getAll(name).length > 1);
  if (repeated.length > 0)
    throw new OAuthError(
      'invalid_request',
      `Each parameter may appear only once (RFC 6749 section 3.1); repeated: ${repeated.join(', ')}.`,
    );
  return form;
}
