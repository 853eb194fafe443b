import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect, type Socket } from 'node:net';
import pino from 'pino';
import { guardListener, serverTimeoutOptions } from './listener-guard.js';

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

test("a listener 'error' after listening (an accept that failed) is logged, not thrown, so the process goes on", async () => {
  const { logger, lines } = capturingLogger();
  const server = createServer();
  guardListener(server, { requestTimeoutMs: 1000, maxConnectionsPerAddress: 2, socketIdleTimeoutMs: 120_000 }, logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const error = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE', syscall: 'accept' });
    assert.doesNotThrow(() => server.emit('error', error));
    assert.equal(lines.at(-1)?.code, 'EMFILE');
    assert.equal(lines.at(-1)?.msg, 'the listener could not accept a connection');
  } finally {
    server.close();
  }
});

test('connections of one address over the limit are closed at once; closing one frees its place', async () => {
  const { logger, lines } = capturingLogger();
  const accepted: Socket[] = [];
  const server = createServer((socket) => void accepted.push(socket));
  guardListener(server, { requestTimeoutMs: 1000, maxConnectionsPerAddress: 2, socketIdleTimeoutMs: 120_000 }, logger);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const open = (): Promise<{ socket: Socket; closedByServer: Promise<boolean> }> =>
    new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.on('error', () => undefined);
      const closedByServer = new Promise<boolean>((done) => {
        socket.on('close', () => done(true));
        setTimeout(() => done(false), 300).unref();
      });
      socket.on('connect', () => resolve({ socket, closedByServer }));
    });
  try {
    const first = await open();
    const second = await open();
    const third = await open();
    assert.equal(await third.closedByServer, true, 'the third connection is closed');
    // node hands the socket to every 'connection' listener; the one over the limit arrives destroyed
    assert.deepEqual(
      accepted.map((socket) => socket.destroyed),
      [false, false, true],
    );
    assert.equal(lines.filter((l) => l.msg === 'connections over the per-address limit were closed').length, 1);
    first.socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fourth = await open();
    assert.equal(await fourth.closedByServer, false, 'a closed connection frees its place');
    for (const c of [second, fourth]) c.socket.destroy();
  } finally {
    for (const socket of accepted) socket.destroy();
    server.close();
  }
});

test('the deadline options follow the request timeout, and node checks them often enough', () => {
  assert.deepEqual(
    serverTimeoutOptions({ requestTimeoutMs: 30_000, maxConnectionsPerAddress: 64, socketIdleTimeoutMs: 120_000 }),
    {
      requestTimeout: 30_000,
      headersTimeout: 30_000,
      connectionsCheckingInterval: 5_000,
      handshakeTimeout: 30_000,
    },
  );
  const small = serverTimeoutOptions({
    requestTimeoutMs: 200,
    maxConnectionsPerAddress: 1,
    socketIdleTimeoutMs: 120_000,
  });
  assert.equal(small.connectionsCheckingInterval, 100);
  assert.equal(
    serverTimeoutOptions({ requestTimeoutMs: 600_000, maxConnectionsPerAddress: 1, socketIdleTimeoutMs: 120_000 })
      .headersTimeout,
    60_000,
  );
});
