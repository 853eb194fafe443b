/**
 * The public base URLs that keys and tokens carry (`url`, `iss`, `jku`, `certurl`). With port 0 (tests) they are
 * known only once the listeners are bound, but the services that write them are built before (fastify takes no
 * routes after listen). So services get readers, and the start resolves them once, right after listening. A read
 * before that is a wiring mistake (it would hand out a URL ending in `:0`) and throws instead of guessing.
 */

export interface PublicUrls {
  /** The one origin's public base URL. */
  readonly public: () => string;
  /** The mTLS listener's public base URL (`uaa.certurl`); undefined when it does not run (no TLS). */
  readonly mtls: () => string | undefined;
}

export interface ResolvedUrls {
  readonly public: string;
  readonly mtls: string | undefined;
}

export interface PendingPublicUrls {
  /** What services read; each read answers the resolved URLs. */
  readonly urls: PublicUrls;
  /** Called once, after the listeners are bound. */
  resolve(resolved: ResolvedUrls): void;
}

export function publicUrlsAfterListen(): PendingPublicUrls {
  let resolved: ResolvedUrls | undefined;
  const read = (): ResolvedUrls => {
    if (!resolved)
      throw new Error('the public URLs were read before the listeners were bound (a wiring mistake in main.ts)');
    return resolved;
  };
  return {
    urls: { public: () => read().public, mtls: () => read().mtls },
    resolve(urls) {
      if (resolved) throw new Error('the public URLs are resolved once, after listening');
      resolved = urls;
    },
  };
}
