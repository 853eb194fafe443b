/**
 * The parameters of a token request before anything in them is believed. As Cloud Foundry UAA (of which XSUAA
 * is SAP's build) ships by default (`jwt.token.queryString.enabled: true`), they come from the form body
 * (RFC 6749 section 3.2) and from the query string as well: SAP tells S/4HANA Cloud customers to configure
 * `{url}/oauth/token?grant_type=client_credentials`, and SAP's Java sample sends GET with that query
 * (docs/sap-sources.md §7). calm-keys is stricter than UAA, which takes whichever copy comes first:
 * a parameter may appear once per place (section 3.1: "MUST NOT be included more than once"), and when the
 * URL and the body both carry it, only with the same value; otherwise the request is `invalid_request`,
 * naming the parameter, never its value (it may be a secret). The HTTP layer never logs a query string.
 */
import { OAuthError } from './oauth-error.js';

export const NOT_A_FORM = 'The token request must be a form (Content-Type: application/x-www-form-urlencoded).';

function once(params: URLSearchParams, where: string): void {
  const repeated = [...new Set(params.keys())].filter((name) => params.getAll(name).length > 1);
  if (repeated.length > 0)
    throw new OAuthError(
      'invalid_request',
      `Each parameter may appear only once (RFC 6749 section 3.1); repeated: ${repeated.join(', ')} (${where}).`,
    );
}

export function readTokenForm(input: { body: unknown; url: string }): URLSearchParams {
  // No body at all (GET, or a POST without Content-Type and content) carries no parameters; an empty form neither.
  const form = input.body === undefined ? new URLSearchParams() : input.body;
  if (!(form instanceof URLSearchParams)) throw new OAuthError('invalid_request', NOT_A_FORM);
  const mark = input.url.indexOf('?');
  const query = new URLSearchParams(mark < 0 ? '' : input.url.slice(mark + 1));
  once(form, 'in the body');
  once(query, 'in the URL');
  const merged = new URLSearchParams(form);
  const conflicting: string[] = [];
  for (const [name, value] of query) {
    const inBody = form.get(name);
    if (inBody === null) merged.set(name, value);
    else if (inBody !== value) conflicting.push(name);
  }
  if (conflicting.length > 0)
    throw new OAuthError(
      'invalid_request',
      `These parameters have one value in the URL and another in the body: ${conflicting.join(', ')}.`,
    );
  return merged;
}
