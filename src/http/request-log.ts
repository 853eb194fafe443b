/**
 * One log line per request, at completion: fastify's own request logging writes two (`incoming request` with the
 * method and path, then `request completed` with the status and time), each through the redaction walk, the
 * serializers and a write of its own, which the issue 15 profile of a token and of an ingest request showed.
 * This line holds what both held: the request id (`reqId`, bound by fastify), `req` (id, method, path, never the
 * query: logger.ts's serializer), `res.statusCode` and `responseTime` in ms, at info (`request errored` at error
 * when the answer itself failed), so 4xx and 5xx answers are in the log as before. The line of the request's
 * arrival stays at debug, for following a request that hangs (CALM_KEYS_LOG_LEVEL=debug).
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'incoming request'); // at info and above pino's debug is a no-op
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error)
      request.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else request.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
