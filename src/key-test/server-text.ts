/** Helpers for quoting what a remote server said, and for describing where a request went. */
import { isEgressError } from '../egress/index.js';

const MAX_QUOTE = 200;

/**
 * A remote server's text made safe to show: secrets removed, one line, no control characters, at most
 * 200 characters. A hostile or buggy server could echo the request back; secrets are removed before the
 * text is cut, because a cut can leave a prefix of a secret that no later scrub would recognise.
 */
export function quoteServerText(value: unknown, secrets: readonly string[] = []): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = scrub(value, secrets)
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (line === '') return undefined;
  return line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE)}…` : line;
}

/** `host:port` of a URL, with the scheme's default port filled in. */
export function targetOf(url: URL): string {
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  return `${url.hostname}:${port}`;
}

/** The `error`/`error_description` members of an RFC 6749 error body, when there are any. */
export function oauthError(json: unknown, secrets: readonly string[]): { error?: string; description?: string } {
  if (typeof json !== 'object' || json === null) return {};
  const body = json as Record<string, unknown>;
  return { error: quoteServerText(body.error, secrets), description: quoteServerText(body.error_description, secrets) };
}

/** The message of a failed request: egress errors already name host:port and the limit that was hit. */
export function describeRequestFailure(error: unknown): string {
  if (isEgressError(error)) return error.message;
  return `the request failed unexpectedly (${error instanceof Error ? error.name : typeof error})`;
}

/** Replaces every occurrence of each secret by `[redacted]`, including its form-encoded spelling. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const spelling of new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ])) {
      if (spelling.length > 0) out = out.split(spelling).join('[redacted]');
    }
  }
  return out;
}
