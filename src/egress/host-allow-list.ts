/**
 * The egress allow-list: which `host:port` a client may call. Checked before any DNS lookup or connection,
 * so a refused request never leaves the process.
 *
 * Pattern grammar (case-insensitive):
 *   `localhost:8443`        that host on that port
 *   `auth.example.com`      that host on the scheme's default port (443 for https, 80 for http) only
 *   `*.hana.ondemand.com`   any host below that domain (any depth, not the domain itself), default port
 *   `*.example.com:8443`    the same on port 8443
 *   `host:*`                any port (explicit, because "no port" deliberately means the default port)
 *   `[::1]:8443`            IPv6 literals in brackets
 * Why "no port = default port": an allowed cloud host name should not open every port on that host to
 * server-side requests (SSRF); a developer who needs another port names it.
 *
 * Spellings: hosts and patterns are compared in the form the WHATWG URL parser gives them (lower case,
 * IPv4 shorthand such as `127.1` or `0x7f.0.0.1` as `127.0.0.1`, IPv6 compressed, percent-escapes decoded),
 * so no other spelling of an allowed host slips past or is wrongly refused. A host ending in a dot
 * (`localhost.`, the absolute DNS form) or with an empty label is refused outright with that reason: it names
 * the same DNS name but another HTTP Host and TLS name than the allowed one, and nothing SAP issues uses it.
 */

export interface HostPattern {
  /** The pattern as configured, for messages. */
  readonly source: string;
  /** Lower-case host, or the domain suffix (with leading dot) for wildcards. */
  readonly host: string;
  readonly wildcard: boolean;
  /** A port number, `'*'` for any, or `'default'` for the scheme's default port. */
  readonly port: number | '*' | 'default';
}

const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
const PATTERN = /^(\*\.)?(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}|\*))?$/;

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** The host as the URL parser writes it (`127.1` -> `127.0.0.1`, `[0:0::1]` -> `[::1]`), or undefined if it is none. */
function canonicalHost(host: string): string | undefined {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return undefined;
  }
}

export function parseHostPattern(source: string): HostPattern {
  const text = source.trim().toLowerCase();
  const match = PATTERN.exec(text);
  const wildcard = match?.[1] !== undefined;
  const written = match?.[2] ?? '';
  const host = canonicalHost(written) ?? '';
  const portText = match?.[3];
  const isIp = host.startsWith('[') || IPV4.test(host);
  const hostOk = isIp ? !wildcard : HOST_NAME.test(written) && HOST_NAME.test(host);
  const port = portText === undefined ? 'default' : portText === '*' ? '*' : Number(portText);
  if (!match || !hostOk || (typeof port === 'number' && (port < 1 || port > 65535))) {
    throw new Error(
      `"${source}" is not a valid egress host pattern; expected host, host:port, host:*, *.domain or *.domain:port`,
    );
  }
  return { source, host: wildcard ? `.${host}` : host, wildcard, port };
}

/** Port of a URL with the scheme default filled in. */
export function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function portMatches(pattern: HostPattern, url: URL): boolean {
  if (pattern.port === '*') return true;
  if (pattern.port === 'default') return url.port === '';
  return pattern.port === effectivePort(url);
}

/** Why a URL's host is refused whatever the patterns say, or undefined. */
export function hostRefusal(url: URL): string | undefined {
  const host = url.hostname;
  if (host.endsWith('.'))
    return `the host name "${host}" ends with a dot; write it without the final dot (egress does not call absolute DNS names)`;
  if (!host.startsWith('[') && host.split('.').some((label) => label === ''))
    return `the host name "${host}" has an empty label`;
  return undefined;
}

/** Matches the URL parser's canonical host (brackets kept around IPv6); a refused host (hostRefusal) matches nothing. */
export function hostMatches(pattern: HostPattern, url: URL): boolean {
  if (hostRefusal(url) !== undefined) return false;
  const host = url.hostname.toLowerCase();
  const hostOk = pattern.wildcard
    ? host.endsWith(pattern.host) && host.length > pattern.host.length
    : host === pattern.host;
  return hostOk && portMatches(pattern, url);
}

export interface HostAllowList {
  readonly patterns: readonly HostPattern[];
  allows(url: URL): boolean;
  /** Why the host is refused before any pattern is tried (trailing dot, empty label), or undefined. */
  refusal(url: URL): string | undefined;
}

/** `undefined` allows every host (the CLI testing a key the user chose); an empty list allows none. */
export function createHostAllowList(patterns: readonly string[] | undefined): HostAllowList | undefined {
  if (patterns === undefined) return undefined;
  const parsed = patterns.map(parseHostPattern);
  return {
    patterns: parsed,
    allows: (url) => parsed.some((pattern) => hostMatches(pattern, url)),
    refusal: hostRefusal,
  };
}
