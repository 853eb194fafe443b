/**
 * Landscape Management REST API, `/lm/v1/`: the SAP Cloud ALM Service Key section of a tenant. Upload takes
 * the file as multipart/form-data (field `file`, as a browser file picker sends it) or as the raw body (any
 * other content type, read as bytes and never re-encoded: the download gives those bytes back). Every answer
 * carries `Cache-Control: no-store`, because reveal and download carry the secret.
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Landscape } from '../../landscape/index.js';
import { MAX_SERVICE_KEY_BYTES } from '../../service-key/index.js';
import { DomainError } from '../../shared/index.js';
import { requireActor } from '../auth.js';
import { replyWithError } from '../errors.js';
import { parseInput } from '../validation.js';

const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
export const uploadQuery = z.object({ dryRun: z.enum(['true', 'false']).optional() });
export const deleteQuery = z.object({ keyId: z.string().min(1).max(100).optional() });

/** Room above the 64 KiB key limit, so that the service (not the framework) refuses an oversize key with its own message. */
const RAW_BODY_LIMIT = MAX_SERVICE_KEY_BYTES + 16 * 1024;

const tooLarge = () =>
  new DomainError('too_large', 'lm.key_too_large', `A service key file may have at most ${MAX_SERVICE_KEY_BYTES} bytes (64 KiB). Is this the right file?`, {
    details: [{ path: '$', rule: 'size', message: `larger than ${MAX_SERVICE_KEY_BYTES} bytes` }],
  });

/** A multipart body that busboy cannot read (no boundary, cut off, malformed) is the caller's fault: 400, not 500. */
function badMultipart(error: unknown): unknown {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (error instanceof DomainError || (typeof status === 'number' && status < 500)) return error;
  const detail = error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
  return new DomainError('invalid_input', 'lm.multipart_invalid', 'The multipart/form-data body cannot be read. Send the service key in a part named "file", or send the file itself as the body.', {
    details: [{ path: 'file', message: detail }],
  });
}

async function readUpload(request: FastifyRequest): Promise<{ bytes: Buffer; fileName?: string }> {
  if (!request.isMultipart()) {
    const body = request.body;
    return { bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0) };
  }
  try {
    const file = await request.file({ limits: { fileSize: MAX_SERVICE_KEY_BYTES, files: 1, fields: 5, parts: 6 } });
    if (!file) throw new DomainError('invalid_input', 'lm.file_missing', 'The multipart upload has no file: send the service key in a part named "file".', { details: [{ path: 'file', message: 'missing' }] });
    const bytes = await file.toBuffer();
    // busboy stops at the size limit and marks the stream truncated rather than failing in every version
    if (file.file.truncated) throw tooLarge();
    return { bytes, fileName: file.filename.slice(0, 200) };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw badMultipart(error);
  }
}

export async function registerLandscapeRoutes(app: FastifyInstance, deps: { landscape: Landscape }): Promise<void> {
  const { slot, tests } = deps.landscape;
  await app.register(async (scope) => {
    // Bodies here are files: keep their bytes. Multipart gets its own parser from the plugin.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: RAW_BODY_LIMIT }, (_request, body, done) => done(null, body));
    // a raw body far over the limit is stopped while it is read: the same answer as one just over it
    scope.setErrorHandler((error, request, reply) => replyWithError((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge() : error, request, reply));
    await scope.register(fastifyMultipart, { limits: { fileSize: MAX_SERVICE_KEY_BYTES, files: 1 } });
    scope.addHook('onSend', async (_request, reply) => {
      void reply.header('Cache-Control', 'no-store');
    });

    scope.get('/lm/v1/tenants', async (request) => {
      const items = await slot.listTenants(requireActor(request));
      return { num_items: items.length, items };
    });

    const base = '/lm/v1/tenants/:tenantId/service-key';
    const tenantOf = (request: FastifyRequest) => parseInput(tenantParams, request.params, 'params').tenantId;

    scope.get(base, async (request) => slot.view(requireActor(request), tenantOf(request)));

    scope.post(`${base}/reveal`, async (request) => slot.reveal(requireActor(request), tenantOf(request)));

    scope.get(`${base}/download`, async (request, reply) => {
      const file = await slot.download(requireActor(request), tenantOf(request));
      return reply
        .header('Content-Type', 'text/plain; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
        .header('X-Content-Type-Options', 'nosniff')
        .send(file.bytes);
    });

    scope.post(base, async (request, reply) => {
      const actor = requireActor(request);
      const tenantId = tenantOf(request);
      const { dryRun } = parseInput(uploadQuery, request.query, 'query');
      const upload = await readUpload(request);
      if (upload.bytes.length > MAX_SERVICE_KEY_BYTES) throw tooLarge();
      const outcome = await slot.upload(actor, tenantId, upload, { dryRun: dryRun === 'true' });
      if (dryRun === 'true') return reply.status(200).send({ valid: outcome.valid, errors: outcome.errors, warnings: outcome.warnings });
      if (!outcome.stored) {
        throw new DomainError('invalid_input', 'lm.format_check_failed', `The file did not pass the format check: ${outcome.errors.map((e) => e.message).join(' ')}`, {
          details: outcome.errors,
          warnings: outcome.warnings,
        });
      }
      return reply.status(201).send({ ...outcome.view, warnings: outcome.warnings });
    });

    scope.delete(base, async (request, reply) => {
      await slot.remove(requireActor(request), tenantOf(request), parseInput(deleteQuery, request.query, 'query').keyId);
      return reply.status(204).send();
    });

    scope.post(`${base}/test`, async (request) => tests.test(requireActor(request), tenantOf(request)));
  });
}
