/**
 * Graceful stop of `calm-keys serve` (issue 16): the first SIGTERM stops accepting connections, closes idle
 * keep-alive sockets, lets a request in flight (a sign-in whose body arrives slowly, as a slow client uploads)
 * finish with its answer, closes the database and exits 0; a second SIGTERM during that drain ends at once.
 * The server runs as a child process, so the test sees its real exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { startServeProcess, type ServeProcess } from './support/serve-process.js';

const PASSWORD = 'process-test-password-1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function open(server: ServeProcess): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: server.url.hostname,
      port: Number(server.url.port),
      ca: server.ca,
      servername: 'localhost',
    });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** A sign-in whose headers and first half of the body are sent now; `finish()` sends the rest and reads the answer. */
async function slowSignIn(server: ServeProcess) {
  const body = JSON.stringify({ username: 'admin', password: PASSWORD });
  const socket = await open(server);
  let answer = '';
  socket.on('data', (chunk: Buffer) => void (answer += chunk.toString('latin1')));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.write(
    `POST /auth/v1/login HTTP/1.1\r\nhost: ${server.url.host}\r\norigin: ${server.url.origin}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n` +
      body.slice(0, 10),
  );
  return {
    socket,
    async finish() {
      socket.write(body.slice(10));
      await closed;
      return answer;
    },
  };
}

/** A connection that was served once and now sits idle (keep-alive): it must not hold the stop up. */
async function idleKeepAlive(server: ServeProcess) {
  const socket = await open(server);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  let answer = '';
  socket.on('data', (chunk: Buffer) => void (answer += chunk.toString('latin1')));
  socket.write(`GET /healthz HTTP/1.1\r\nhost: ${server.url.host}\r\n\r\n`);
  while (!/\r\n\r\n/.test(answer)) await sleep(20);
  assert.match(answer, /^HTTP\/1\.1 200/);
  return { closed };
}

function connectionRefused(server: ServeProcess): Promise<string> {
  return open(server).then(
    (socket) => (socket.destroy(), 'connected'),
    (error: NodeJS.ErrnoException) => error.code ?? String(error),
  );
}

async function exitOf(server: ServeProcess, withinMs: number): Promise<string> {
  const deadline = Date.now() + withinMs;
  while (server.exited() === undefined && Date.now() < deadline) await sleep(25);
  return server.exited() ?? 'still running';
}

test('first SIGTERM: a slow request in flight gets its answer, new connections are refused, exit 0', async () => {
  const server = await startServeProcess();
  try {
    const idle = await idleKeepAlive(server);
    const inFlight = await slowSignIn(server);
    await sleep(200); // the server has read the headers: the request is in flight
    server.child.kill('SIGTERM');
    await idle.closed; // the idle keep-alive socket is closed by the server, not left to its idle timeout
    await sleep(200);
    assert.equal(await connectionRefused(server), 'ECONNREFUSED');
    assert.equal(server.exited(), undefined, 'the process waits for the request in flight');
    const answer = await inFlight.finish();
    assert.match(answer, /^HTTP\/1\.1 200/, answer);
    assert.match(answer, /"username":"admin"/);
    assert.equal(await exitOf(server, 10_000), '0', server.stderr());
    assert.match(server.stderr(), /SIGTERM received: draining/);
    assert.match(server.stderr(), /Stopped cleanly/);
    // the database was closed cleanly: SQLite checkpointed its WAL into the database file and removed it
    const wal = join(server.dataDir, 'calm-keys.db-wal');
    assert.ok(!existsSync(wal) || statSync(wal).size === 0, 'no WAL left behind');
  } finally {
    await server.stop();
  }
});

test('a second SIGTERM during the drain ends the process at once, non-zero and logged', async () => {
  const server = await startServeProcess();
  try {
    const inFlight = await slowSignIn(server);
    await sleep(200);
    server.child.kill('SIGTERM');
    await sleep(300);
    assert.equal(server.exited(), undefined, 'the first SIGTERM waits for the request in flight');
    const sentAt = Date.now();
    server.child.kill('SIGTERM');
    assert.equal(await exitOf(server, 3_000), '143', server.stderr());
    assert.ok(Date.now() - sentAt < 3_000);
    assert.match(server.stderr(), /SIGTERM received again: stopping at once/);
    inFlight.socket.destroy();
  } finally {
    await server.stop();
  }
});

test('a drain longer than CALM_KEYS_SHUTDOWN_TIMEOUT_MS ends with exit 1 and says why', async () => {
  const server = await startServeProcess({ CALM_KEYS_SHUTDOWN_TIMEOUT_MS: '500' });
  try {
    const inFlight = await slowSignIn(server);
    await sleep(200);
    server.child.kill('SIGTERM');
    assert.equal(await exitOf(server, 5_000), '1', server.stderr());
    assert.match(server.stderr(), /still in flight after 500 ms/);
    inFlight.socket.destroy();
  } finally {
    await server.stop();
  }
});
