/**
 * The answer to a request node's HTTP parser refuses before fastify sees it (a request line or headers over
 * the size limit: 431; the request deadline: 408; bytes that are not HTTP: 400). Fastify's default handler
 * answers these with a body of its own (`{"error":"Request Header Fields Too Large","statusCode":431}`), which
 * is not the documented error shape; this one answers the shape of the listener: the REST API's ErrorBody on
 * the main listener, RFC 6749's error on the mTLS token listener. There is no request yet, so the request id is
 * made here (it is in the body and the x-request-id header, as on every other refusal). The connection is
 * closed afterwards, as node and fastify do: the parser's state is lost.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { newId } from '../crypto/index.js';
import { HTTP_ERRORS } from './error-codes.js';

type ClientError = Error & { code?: string };

function refusal(error: ClientError): { status: number; code: string; message: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return {
      status: 431,
      code: HTTP_ERRORS.headers_too_large,
      message: 'The request line and headers are too large: send a shorter URL or fewer and shorter headers.',
    };
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return {
      status: 408,
      code: HTTP_ERRORS.request_timeout,
      message: 'The request was not received in time: send the whole request, body included, without pauses.',
    };
  return { status: 400, code: HTTP_ERRORS.malformed_request, message: 'The request is not valid HTTP/1.1.' };
}

/** The body of the refusal, by the listener's error shape. */
export function clientErrorBody(
  error: ClientError,
  shape: 'rest' | 'oauth',
  requestId: string,
): { status: number; body: string } {
  const r = refusal(error);
  const body =
    shape === 'rest'
      ? { error: { code: r.code, message: r.message, details: [], requestId } }
      : { error: 'invalid_request', error_description: r.message };
  return { status: r.status, body: JSON.stringify(body) };
}

/** For fastify's `clientErrorHandler` option. */
export function clientErrorHandler(shape: 'rest' | 'oauth'): (error: ClientError, socket: Socket) => void {
  return (error, socket) => {
    // a reset connection has nobody to answer
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (socket.writable) {
      const requestId = newId();
      const { status, body } = clientErrorBody(error, shape, requestId);
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}
