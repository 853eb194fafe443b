/**
 * Slow and piled-up connections (issue 11): a request whose body (or headers) stops arriving is answered 408
 * and closed after CALM_KEYS_REQUEST_TIMEOUT_MS, and one address cannot hold more than
 * CALM_KEYS_MAX_CONNECTIONS_PER_ADDRESS connections, on both listeners, while other clients are served.
 * Loopback only: 127.0.0.2 is a second client address on the same machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { connect } from 'node:tls';
import { startTestServer } from './support/server.js';

const LIMIT = 20;
// long enough that 200 connections over the limit are closed well within 0.8 of it on a loaded 2-core machine
const TIMEOUT_MS = 2_500;

interface Held {
  secured: boolean;
  closed: boolean;
  answer: string;
}

/** Opens a TLS connection and sends an incomplete request: a body shorter than its Content-Length, or headers without their end. */
/** TLS over a TCP connection from `localAddress` (tls.connect's own options do not name it). */
const tlsFrom = (url: URL, ca: string, localAddress: string) =>
  connect({
    socket: connectTcp({ host: url.hostname, port: Number(url.port), localAddress }),
    ca,
    servername: 'localhost',
  });

/** Every client socket, destroyed at the end, so that a failing test does not wait for them. */
const opened: { destroy(): void }[] = [];

function holdHalfSent(
  url: URL,
  ca: string,
  kind: 'body' | 'headers',
  localAddress = '127.0.0.1',
): { held: Held; closed: Promise<void> } {
  const held: Held = { secured: false, closed: false, answer: '' };
  const socket = tlsFrom(url, ca, localAddress);
  opened.push(socket);
  socket.on('secureConnect', () => {
    held.secured = true;
    const headers = `POST /oauth/token HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 1000\r\n`;
    socket.write(kind === 'body' ? `${headers}\r\ngrant_type=client_` : headers);
  });
  socket.on('data', (chunk: Buffer) => void (held.answer += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => ((held.closed = true), resolve())));
  return { held, closed };
}

/** A complete GET /healthz from `localAddress`; the status, or undefined when the connection was refused. */
function healthFrom(url: URL, ca: string, localAddress: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const socket = tlsFrom(url, ca, localAddress);
    socket.on('secureConnect', () =>
      socket.write(`GET /healthz HTTP/1.1\r\nhost: ${url.host}\r\nconnection: close\r\n\r\n`),
    );
    socket.on('data', (chunk: Buffer) => void (text += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve(status ? Number(status) : undefined);
    });
  });
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_resolve, reject) =>
      setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms),
    ),
  ]);

test(
  'half-sent requests are cut off after the request timeout and one address holds at most its connection limit (both listeners)',
  { timeout: 120_000 },
  async () => {
    const t = await startTestServer({
      env: { CALM_KEYS_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS), CALM_KEYS_MAX_CONNECTIONS_PER_ADDRESS: String(LIMIT) },
    });
    try {
      const ca = readFileSync(t.server.caFile!, 'utf8');
      const main = new URL(t.server.url);
      const mtls = new URL(t.server.mtlsUrl!.replace('localhost', '127.0.0.1'));
      for (const [name, url, count] of [
        ['main', main, 200],
        ['mTLS', mtls, 60],
      ] as const) {
        const started = Date.now();
        const sockets = Array.from({ length: count }, (_, i) =>
          holdHalfSent(url, ca, i % 2 === 0 ? 'body' : 'headers'),
        );
        // the connections over the limit are closed at once, without a TLS handshake
        const deadline = Date.now() + TIMEOUT_MS * 0.8;
        await within(
          (async () => {
            while (sockets.filter((s) => s.held.closed).length < count - LIMIT && Date.now() < deadline)
              await new Promise((resolve) => setTimeout(resolve, 20));
          })(),
          TIMEOUT_MS * 0.8,
          `${name}: closing the connections over the limit`,
        );
        const secured = sockets.filter((s) => s.held.secured).length;
        assert.ok(
          secured <= LIMIT,
          `${name}: ${secured} connections of one address got through, the limit is ${LIMIT}`,
        );
        if (name === 'main') {
          // meanwhile: another client is served, and this address is refused while it holds its limit
          assert.equal(await healthFrom(url, ca, '127.0.0.2'), 200, 'a client at another address is served');
          assert.equal(await healthFrom(url, ca, '127.0.0.1'), undefined, 'a connection over the limit is closed');
        }
        // the held ones are answered 408 and closed once the request timeout has passed
        await within(
          Promise.all(sockets.map((s) => s.closed)),
          TIMEOUT_MS + 4_000,
          `${name}: closing the half-sent requests`,
        );
        const elapsed = Date.now() - started;
        assert.ok(elapsed >= TIMEOUT_MS * 0.9, `${name}: closed after ${elapsed} ms, before the timeout`);
        const answered = sockets.filter((s) => s.held.secured);
        assert.ok(answered.length > 0);
        for (const s of answered)
          assert.match(s.held.answer, /^HTTP\/1\.1 408 /, `${name}: a cut-off request is answered 408`);
      }
      // the address is free again
      assert.equal(await healthFrom(main, ca, '127.0.0.1'), 200);
    } finally {
      for (const socket of opened) socket.destroy();
      await t.close();
    }
  },
);
