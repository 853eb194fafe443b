/**
 * What keeps one client from pinning the listeners' sockets: a deadline for a whole request (headers and
 * body; node answers 408 and closes the connection when it passes), a TLS handshake deadline, and a limit
 * of open connections per client address (a connection over it is closed at once, before TLS, so that it
 * costs no handshake and holds nothing). Also the listener's own 'error' event (an accept that fails with
 * EMFILE when file descriptors run out): it is logged, because unhandled it would end the process.
 */
import type { Server, Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

export interface ListenerLimits {
  /** Longest time from the first byte of a request to its last body byte. */
  readonly requestTimeoutMs: number;
  /** Open connections one client address may hold on one listener. */
  readonly maxConnectionsPerAddress: number;
  /**
   * A connection with nothing read or written for this long is closed. Node's request deadline ends with the
   * request: a client that stops reading its answer would otherwise hold the socket (and the unsent answer) for ever.
   */
  readonly socketIdleTimeoutMs: number;
}

export const DEFAULT_LISTENER_LIMITS: ListenerLimits = {
  requestTimeoutMs: 30_000,
  maxConnectionsPerAddress: 64,
  socketIdleTimeoutMs: 120_000,
};

/**
 * Options for node's http/https server (fastify passes them through `http`/`https`). Node checks the request
 * and header deadlines only every `connectionsCheckingInterval` (30 s by default), so that follows the deadline.
 */
export function serverTimeoutOptions(limits: ListenerLimits): {
  requestTimeout: number;
  headersTimeout: number;
  connectionsCheckingInterval: number;
  handshakeTimeout: number;
} {
  return {
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.requestTimeoutMs, 60_000),
    connectionsCheckingInterval: Math.round(Math.min(5_000, Math.max(100, limits.requestTimeoutMs / 4))),
    // TLS only: a connection that never completes its handshake is not a request yet
    handshakeTimeout: Math.min(limits.requestTimeoutMs, 120_000),
  };
}

/** How often a refused address is logged at most (a flood must not flood the log too). */
const REFUSAL_LOG_INTERVAL_MS = 60_000;

export function guardListener(server: Server, limits: ListenerLimits, log: FastifyBaseLogger): void {
  const open = new Map<string, number>();
  let lastRefusalLog = 0;
  let refusedSinceLog = 0;
  // first in line, so that a refused socket is closed before TLS or HTTP start on it
  server.prependListener('connection', (socket: Socket) => {
    const address = socket.remoteAddress;
    if (address === undefined) return; // closed already
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      refusedSinceLog += 1;
      socket.destroy();
      const now = Date.now();
      if (now - lastRefusalLog >= REFUSAL_LOG_INTERVAL_MS) {
        log.warn(
          { address, limit: limits.maxConnectionsPerAddress, refused: refusedSinceLog },
          'connections over the per-address limit were closed',
        );
        lastRefusalLog = now;
        refusedSinceLog = 0;
      }
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    // before listening, fastify's listen() reports the error (a port in use) to its caller
    if (server.listening)
      log.error({ code: error.code, syscall: error.syscall }, 'the listener could not accept a connection');
  });
}
