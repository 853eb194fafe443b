/**
 * A client that asks for answers and never reads them (security review of issue 11): node's request deadline ends
 * with the request, so without an inactivity timeout the socket and its unsent answer stay for ever.
 * CALM_KEYS_SOCKET_IDLE_TIMEOUT_MS closes a connection on which nothing moved for that long, on both listeners.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { startTestServer } from './support/server.js';

const IDLE_MS = 1_000;
const PIPELINED = 20;

/**
 * Sends PIPELINED requests for a large file in one write, reads nothing for `stallMs`, then reads all it can.
 * Resolves with the bytes received and whether the server ended the connection.
 */
function stallReading(
  url: URL,
  ca: string,
  path: string,
  stallMs: number,
): Promise<{ bytes: number; closedByServer: boolean }> {
  return new Promise((resolve) => {
    let bytes = 0;
    const socket = connect({ host: url.hostname, port: Number(url.port), ca, servername: 'localhost' });
    socket.on('secureConnect', () => {
      socket.pause();
      const request = `GET ${path} HTTP/1.1\r\nhost: ${url.host}\r\n\r\n`;
      socket.write(request.repeat(PIPELINED));
      setTimeout(() => socket.resume(), stallMs);
    });
    socket.on('data', (chunk: Buffer) => void (bytes += chunk.length));
    socket.on('error', () => undefined);
    let closedByServer = false;
    socket.on('end', () => void (closedByServer = true));
    // after reading resumed, give it time to drain what the server still sends; then stop either way
    const giveUp = setTimeout(() => socket.destroy(), stallMs + 5_000);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ bytes, closedByServer });
    });
  });
}

test(
  'a client that stops reading its answers is disconnected after the socket idle timeout',
  { timeout: 60_000 },
  async () => {
    const t = await startTestServer({
      env: { CALM_KEYS_SOCKET_IDLE_TIMEOUT_MS: String(IDLE_MS) },
      start: { demo: false },
    });
    try {
      const ca = readFileSync(t.server.caFile!, 'utf8');
      const url = new URL(t.server.url);
      const path = '/reference/static/swagger-ui-bundle.js';
      const one = await t.http.call('GET', path);
      assert.equal(one.status, 200);
      const size = Buffer.byteLength(one.text);
      assert.ok(size > 500_000, `a large answer (${size} bytes)`);

      const stalled = await stallReading(url, ca, path, IDLE_MS * 3);
      assert.ok(stalled.closedByServer, 'the server closed the stalled connection');
      assert.ok(
        stalled.bytes < size * PIPELINED,
        `the server gave up before sending every answer: ${stalled.bytes} of ${size * PIPELINED} bytes`,
      );

      assert.equal((await t.http.call('GET', '/healthz')).status, 200, 'the server goes on serving');
    } finally {
      await t.close();
    }
  },
);
