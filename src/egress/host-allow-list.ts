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

export function parseHostPattern(source: string): HostPattern {
  const text = source.trim().toLowerCase();
  const match = PATTERN.exec(text);
  const wildcard = match?.[1] !== undefined;
  const host = match?.[2] ?? '';
  const portText = match?.[3];
  const hostOk = host.startsWith('[') ? !wildcard : HOST_NAME.test(host);
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

export function hostMatches(pattern: HostPattern, url: URL): boolean {
  // URL keeps brackets around IPv6 literals and drops a trailing dot only sometimes: normalise it here.
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const hostOk = pattern.wildcard ? host.endsWith(pattern.host) && host.length > pattern.host.length : host === pattern.host;
  return hostOk && portMatches(pattern, url);
}

export interface HostAllowList {
  readonly patterns: readonly HostPattern[];
  allows(url: URL): boolean;
}

/** `undefined` allows every host (the CLI testing a key the user chose); an empty list allows none. */
export function createHostAllowList(patterns: readonly string[] | undefined): HostAllowList | undefined {
  if (patterns === undefined) return undefined;
  const parsed = patterns.map(parseHostPattern);
  return {
    patterns: parsed,
    allows: (url) => parsed.some((pattern) => hostMatches(pattern, url)),
  };
}
