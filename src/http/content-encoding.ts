/**
 * Request bodies sent with `Content-Encoding: gzip`, as OTLP/HTTP exporters do when compression is on
 * (the OpenTelemetry Collector's otlphttp exporter by default; the JS exporter with `compression: 'gzip'`).
 * The body limit of the route applies to the decompressed bytes (no zip bombs), the Content-Length check
 * to the compressed ones. Other encodings are refused with 400 naming the header. The hook works below every
 * parser: JSON, and the binary bodies `acceptBinaryBodies` hands to the route as a Buffer (OTLP protobuf).
 */
import { createGunzip } from 'node:zlib';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { invalidInput } from '../shared/index.js';
import { HTTP_ERRORS } from './error-codes.js';

type EncodedStream = PassThrough & { receivedEncodedLength?: number };

export function acceptGzipRequestBodies(scope: FastifyInstance): void {
  scope.addHook('preParsing', async (request, _reply, payload) => {
    const encoding = String(request.headers['content-encoding'] ?? '')
      .trim()
      .toLowerCase();
    if (encoding === '' || encoding === 'identity') return payload;
    if (encoding !== 'gzip') {
      throw invalidInput(
        HTTP_ERRORS.unsupported_encoding,
        `Content-Encoding "${encoding.slice(0, 40)}" is not supported: send the body uncompressed or with gzip.`,
        [{ path: 'Content-Encoding', message: 'expected gzip or identity' }],
      );
    }
    const gunzip = createGunzip();
    const body: EncodedStream = new PassThrough();
    body.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      body.receivedEncodedLength! += chunk.length;
    });
    // pipe() does not forward errors: each is turned into one readable error on the stream fastify reads
    payload.on('error', (error) => body.destroy(error));
    // Nobody reads `body` when no parser takes the request (415, a GET or DELETE with a body): its error
    // would then be unhandled and end the process. Whoever reads it still gets the error through its own
    // listener; this one only keeps an unread body's error from being fatal.
    body.on('error', (error) =>
      request.log.debug({ code: (error as { code?: unknown }).code }, 'request body not decoded'),
    );
    gunzip.on('error', (error) =>
      body.destroy(
        invalidInput(HTTP_ERRORS.bad_gzip, 'The body is not valid gzip data (Content-Encoding: gzip).', [
          { path: 'Content-Encoding', message: error.message },
        ]),
      ),
    );
    payload.pipe(gunzip).pipe(body);
    return body;
  });
}

/**
 * Bodies of these media types (any parameters) reach the route as a Buffer. Read through fastify's own body
 * reader, so the route's body limit applies to the bytes after gzip decompression (above), as for JSON.
 */
export function acceptBinaryBodies(scope: FastifyInstance, mediaTypes: readonly string[]): void {
  for (const type of mediaTypes)
    scope.addContentTypeParser(type, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
}
