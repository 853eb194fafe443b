/**
 * Binding the listeners and learning their URLs. A busy port stops a start twice over: `assertPortFree` before
 * anything is created (master key, database, administrator), so that a start that cannot listen leaves no state
 * behind, and `listenAll` names the port if it was taken in between. With port 0 (tests) the port, and with it
 * the public URL that keys and tokens carry, is known only once the listener is bound: `listenAll` answers it.
 */
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../shared/index.js';
import { HTTP_ERRORS } from './error-codes.js';

/** The settings that choose the ports, as a person types them; named in the busy-port message. */
const PORT_SETTINGS = '--port / CALM_KEYS_PORT, CALM_KEYS_MTLS_PORT';

export interface ListenRequest {
  readonly app: FastifyInstance;
  /** 0 picks a free port. */
  readonly port: number;
  readonly scheme: 'http' | 'https';
  /** The configured public base URL; with port 0 it ends in `:0`, which becomes the bound port. */
  readonly publicUrl: string;
}

export interface Listening {
  /** The URL the listener is bound at (the actual port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** The public base URL with the bound port when 0 was asked for, else the configured one. */
  readonly publicUrl: string;
}

/** Binds the port for a moment and lets it go, so that a busy port stops the start before any state is written. */
export async function assertPortFree(host: string, port: number, setting: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(portInUse(error, host, setting) ?? error));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/**
 * Binds the one origin's listener, then the mTLS listener (when there is one); if either cannot, closes both and
 * throws (a busy port as `serve.port_in_use`).
 */
export async function listenAll(
  host: string,
  requests: { main: ListenRequest; mtls: ListenRequest | undefined },
): Promise<{ main: Listening; mtls: Listening | undefined }> {
  const { main, mtls } = requests;
  try {
    await main.app.listen({ port: main.port, host });
    if (mtls) await mtls.app.listen({ port: mtls.port, host });
  } catch (error) {
    await mtls?.app.close();
    await main.app.close();
    throw portInUse(error, host) ?? error;
  }
  return { main: listeningAt(host, main), mtls: mtls && listeningAt(host, mtls) };
}

function listeningAt(host: string, r: ListenRequest): Listening {
  const address = r.app.server.address();
  const port = typeof address === 'object' && address ? address.port : r.port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${r.scheme}://${hostForUrl}:${port}`,
    port,
    publicUrl: r.port === 0 ? r.publicUrl.replace(/:0$/, `:${port}`) : r.publicUrl,
  };
}

/** A listen that failed because the port is taken, as the one message a person acts on; undefined for other errors. */
function portInUse(error: unknown, host: string, setting = PORT_SETTINGS): DomainError | undefined {
  const e = error as { code?: unknown; port?: unknown } | null;
  if (e?.code !== 'EADDRINUSE') return undefined;
  const port = typeof e.port === 'number' ? e.port : '?';
  return new DomainError(
    'conflict',
    HTTP_ERRORS.port_in_use,
    `Port ${port} on ${host} is already in use (another calm-keys or another program): stop it, or choose a free port with ${setting}. Nothing was created.`,
    { cause: error },
  );
}
