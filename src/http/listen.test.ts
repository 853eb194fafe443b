import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import Fastify from 'fastify';
import { isDomainError } from '../shared/index.js';
import { assertPortFree, listenAll } from './listen.js';

async function occupied(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  return { port: (server.address() as { port: number }).port, server };
}

test('port 0 becomes the bound port in the URL and in a public URL that ends in :0; a set public URL stays', async () => {
  const main = Fastify();
  const mtls = Fastify();
  try {
    const listening = await listenAll('127.0.0.1', {
      main: { app: main, port: 0, scheme: 'http', publicUrl: 'http://localhost:0' },
      mtls: { app: mtls, port: 0, scheme: 'https', publicUrl: 'https://keys.example.com' },
    });
    const port = (main.server.address() as { port: number }).port;
    assert.deepEqual(listening.main, { url: `http://127.0.0.1:${port}`, port, publicUrl: `http://localhost:${port}` });
    assert.equal(listening.mtls?.publicUrl, 'https://keys.example.com');
    assert.notEqual(listening.mtls?.port, 0);
  } finally {
    await mtls.close();
    await main.close();
  }
});

test('a busy port is serve.port_in_use naming it, and the listener bound before it is closed again', async () => {
  const busy = await occupied();
  const main = Fastify();
  const mtls = Fastify();
  try {
    await assert.rejects(
      assertPortFree('127.0.0.1', busy.port, 'CALM_KEYS_MTLS_PORT'),
      (e) => isDomainError(e) && e.code === 'serve.port_in_use' && /CALM_KEYS_MTLS_PORT/.test(e.message),
    );
    await assert.rejects(
      listenAll('127.0.0.1', {
        main: { app: main, port: 0, scheme: 'http', publicUrl: 'http://localhost:0' },
        mtls: { app: mtls, port: busy.port, scheme: 'https', publicUrl: 'https://localhost:1' },
      }),
      (e) => isDomainError(e) && e.code === 'serve.port_in_use' && e.message.includes(`Port ${busy.port} on 127.0.0.1`),
    );
    assert.equal(main.server.listening, false, 'the first listener does not stay bound');
  } finally {
    busy.server.close();
  }
});
