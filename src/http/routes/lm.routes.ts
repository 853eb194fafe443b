/**
 * Landscape Management REST API, `/lm/v1/`: the SAP Cloud ALM Service Key section of a tenant. Upload takes
 * the file as multipart/form-data (field `file`, as a browser file picker sends it) or as the raw body (any
 * other content type, read as bytes and never re-encoded: the download gives those bytes back). Every answer
 * carries `Cache-Control: no-store`, because reveal and download carry the secret.
 *
 * The 64 KiB rule has one owner, the service-key size rule that the slot service applies after authorization
 * (413 lm.key_too_large, audited as a refused upload). This file only bounds the read: a body over
 * UPLOAD_READ_LIMIT is stopped while it is read (413 request.too_large, before anything else).
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  CONFIRM_RECENTLY_USED,
  landscapeViews as views,
  type Landscape,
  LANDSCAPE_ERRORS,
} from '../../landscape/index.js';
import { DomainError } from '../../shared/index.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json, noContent } from '../contract/route.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';

const tenantParams = z.object({ tenantId: z.string().min(1).max(100) });
export const uploadQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().describe('true: run the format check only, store nothing'),
});
export const deleteQuery = z.object({
  keyId: z.string().min(1).max(100).optional().describe('Delete only if the slot still holds this key'),
  confirm: z
    .enum([CONFIRM_RECENTLY_USED])
    .optional()
    .describe('recently-used: delete even though the key was used in the last 24 h (else 409 lm.key_recently_used)'),
});
export const restoreQuery = z.object({
  id: z.string().min(1).max(100).optional().describe('The deleted key to restore; default the most recently deleted'),
});

/** How much of an upload is read at most: generous, so that the service (not the framework) judges the size. */
export const UPLOAD_READ_LIMIT = 1024 * 1024;

/** A multipart body that busboy cannot read (no boundary, cut off, malformed) is the caller's fault: 400, not 500. */
function badMultipart(error: unknown): unknown {
  const status = (error as { statusCode?: unknown }).statusCode;
  if (error instanceof DomainError || (typeof status === 'number' && status < 500)) return error;
  const detail = error instanceof Error ? error.message.slice(0, 200) : 'unreadable';
  return new DomainError(
    'invalid_input',
    LANDSCAPE_ERRORS.multipart_invalid,
    'The multipart/form-data body cannot be read. Send the service key in a part named "file", or send the file itself as the body.',
    {
      details: [{ path: 'file', message: detail }],
    },
  );
}

async function readUpload(request: FastifyRequest): Promise<{ bytes: Buffer; fileName?: string; totalBytes?: number }> {
  if (!request.isMultipart()) {
    const body = request.body;
    return { bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0) };
  }
  try {
    const file = await request.file({ limits: { fileSize: UPLOAD_READ_LIMIT, files: 1, fields: 5, parts: 6 } });
    if (!file)
      throw new DomainError(
        'invalid_input',
        LANDSCAPE_ERRORS.file_missing,
        'The multipart upload has no file: send the service key in a part named "file".',
        { details: [{ path: 'file', message: 'missing' }] },
      );
    const bytes = await file.toBuffer();
    const fileName = file.filename.slice(0, 200);
    // busboy stops at the bound and marks the stream truncated: the file is larger than what was read
    return file.file.truncated ? { bytes, fileName, totalBytes: UPLOAD_READ_LIMIT + 1 } : { bytes, fileName };
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      return { bytes: Buffer.alloc(0), totalBytes: UPLOAD_READ_LIMIT + 1 };
    throw badMultipart(error);
  }
}

const keyFile = z.string().meta({ id: 'ServiceKeyFile', description: 'The service key file (JSON text) as uploaded' });
const tag = 'landscape';
const auth = 'person';
const TENANT = { 403: [SHARED_ERRORS.forbidden], 404: [LANDSCAPE_ERRORS.tenant_not_found] } as const;
const KEY = {
  403: [SHARED_ERRORS.forbidden],
  404: [LANDSCAPE_ERRORS.tenant_not_found, LANDSCAPE_ERRORS.slot_empty],
} as const;

export async function registerLandscapeRoutes(app: FastifyInstance, deps: { landscape: Landscape }): Promise<void> {
  const { slot, tests } = deps.landscape;
  await app.register(async (scope) => {
    // Bodies here are files: keep their bytes. Multipart gets its own parser from the plugin.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: UPLOAD_READ_LIMIT }, (_request, body, done) =>
      done(null, body),
    );
    await scope.register(fastifyMultipart, { limits: { fileSize: UPLOAD_READ_LIMIT, files: 1 } });
    scope.addHook('onSend', async (_request, reply) => {
      void reply.header('Cache-Control', 'no-store');
    });
    const base = '/lm/v1/tenants/{tenantId}/service-key';

    registerRoutes(scope, [
      defineRoute({
        method: 'GET',
        path: '/lm/v1/tenants',
        summary: 'Tenants in which you hold a Landscape Management role',
        tag,
        auth,
        responses: { 200: json('Tenants and the state of their slot', views.lmTenantListSchema) },
        errors: {},
        handler: async ({ actor }) => {
          const items = await slot.listTenants(actor);
          return { num_items: items.length, items };
        },
      }),
      defineRoute({
        method: 'GET',
        path: base,
        summary: 'The SAP Cloud ALM Service Key slot: masked key, status, allowed actions',
        tag,
        auth,
        params: tenantParams,
        responses: { 200: json('The slot', views.slotViewSchema) },
        errors: TENANT,
        handler: ({ actor, params }) => slot.view(actor, params.tenantId),
      }),
      defineRoute({
        method: 'POST',
        path: `${base}/reveal`,
        summary: 'The key with its secret (Security Administrator, audited)',
        tag,
        auth,
        params: tenantParams,
        responses: { 200: json('The key file with its secret', views.revealedKeySchema) },
        errors: KEY,
        handler: ({ actor, params }) => slot.reveal(actor, params.tenantId),
      }),
      defineRoute({
        method: 'GET',
        path: `${base}/download`,
        summary: 'Download the key as uploaded (TXT)',
        tag,
        auth,
        params: tenantParams,
        responses: {
          200: {
            description: 'The file as uploaded (Content-Disposition: attachment)',
            schema: keyFile,
            contentType: 'text/plain',
          },
        },
        errors: KEY,
        handler: async ({ actor, params, reply }) => {
          const file = await slot.download(actor, params.tenantId);
          return reply
            .header('Content-Type', 'text/plain; charset=utf-8')
            .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
            .header('X-Content-Type-Options', 'nosniff')
            .send(file.bytes);
        },
      }),
      defineRoute({
        method: 'POST',
        path: base,
        summary: 'Upload a key (multipart field "file" or raw body; format check F1-F5)',
        tag,
        auth,
        description:
          'At most 64 KiB (413 lm.key_too_large, audited); bodies over 1 MiB are stopped while read (413 request.too_large).',
        params: tenantParams,
        query: uploadQuery,
        body: {
          raw: true,
          content: {
            'multipart/form-data': z.object({ file: z.string().meta({ format: 'binary' }) }),
            'application/octet-stream': z.string().meta({ format: 'binary' }),
            'text/plain': z.string(),
            'application/json': z.unknown(),
          },
          description: 'The file in a part named "file", or the file itself as the body',
        },
        responses: {
          200: json('Dry run: the format check, nothing stored', views.uploadCheckSchema),
          201: json('Stored: the slot, with the warnings', views.uploadedSlotSchema),
        },
        errors: {
          ...TENANT,
          400: [
            LANDSCAPE_ERRORS.format_check_failed,
            LANDSCAPE_ERRORS.file_missing,
            LANDSCAPE_ERRORS.multipart_invalid,
          ],
          409: [LANDSCAPE_ERRORS.slot_full],
          413: [LANDSCAPE_ERRORS.key_too_large],
        },
        handler: async ({ actor, params, query, request, reply }) => {
          const upload = await readUpload(request);
          const outcome = await slot.upload(actor, params.tenantId, upload, { dryRun: query.dryRun === 'true' });
          if (query.dryRun === 'true')
            return reply.status(200).send({ valid: outcome.valid, errors: outcome.errors, warnings: outcome.warnings });
          if (!outcome.stored) {
            throw new DomainError(
              'invalid_input',
              LANDSCAPE_ERRORS.format_check_failed,
              `The file did not pass the format check: ${outcome.errors.map((e) => e.message).join(' ')}`,
              {
                details: outcome.errors,
                warnings: outcome.warnings,
              },
            );
          }
          return reply.status(201).send({ ...outcome.view, warnings: outcome.warnings });
        },
      }),
      defineRoute({
        method: 'DELETE',
        path: base,
        summary: 'Delete this copy (the BTP binding stays); with keyId only if the slot still holds that key',
        tag,
        auth,
        description:
          'A key used in the last 24 h (a push, a token request or a Cloud ALM API call; not the Test) is refused with 409 lm.key_recently_used unless confirm=recently-used. The deleted key stays restorable for the recovery window (GET .../service-key/deleted).',
        params: tenantParams,
        query: deleteQuery,
        responses: { 204: noContent('Deleted') },
        errors: { ...KEY, 409: [LANDSCAPE_ERRORS.key_changed, LANDSCAPE_ERRORS.key_recently_used] },
        handler: async ({ actor, params, query }) =>
          void (await slot.remove(actor, params.tenantId, query.keyId, {
            confirmRecentlyUsed: query.confirm === CONFIRM_RECENTLY_USED,
          })),
      }),
      defineRoute({
        method: 'GET',
        path: `${base}/blast-radius`,
        summary: 'Who used the key recently: pushes, the last token, calls by client address (7 days)',
        tag,
        auth,
        params: tenantParams,
        responses: { 200: json('The blast radius of the key in the slot', views.blastRadiusSchema) },
        errors: KEY,
        handler: ({ actor, params }) => slot.blastRadius(actor, params.tenantId),
      }),
      defineRoute({
        method: 'GET',
        path: `${base}/deleted`,
        summary: 'Recently deleted keys, restorable within the recovery window (no secret)',
        tag,
        auth,
        params: tenantParams,
        responses: { 200: json('The recently deleted keys, newest first', views.deletedKeyListSchema) },
        errors: TENANT,
        handler: ({ actor, params }) => slot.listDeleted(actor, params.tenantId),
      }),
      defineRoute({
        method: 'POST',
        path: `${base}/restore`,
        summary: 'Restore a recently deleted key into the empty slot (Security Administrator)',
        tag,
        auth,
        params: tenantParams,
        query: restoreQuery,
        responses: { 200: json('The key restored', views.deletedKeyViewSchema) },
        errors: {
          ...TENANT,
          404: [LANDSCAPE_ERRORS.tenant_not_found, LANDSCAPE_ERRORS.deleted_key_not_found],
          409: [LANDSCAPE_ERRORS.slot_full],
        },
        handler: ({ actor, params, query }) => slot.restore(actor, params.tenantId, query.id),
      }),
      defineRoute({
        method: 'POST',
        path: `${base}/test`,
        summary: 'Test Service Key; stores the status',
        tag,
        auth,
        params: tenantParams,
        responses: { 200: json('The Test outcome', views.keyTestOutcomeSchema) },
        errors: { ...KEY, 409: [LANDSCAPE_ERRORS.test_in_progress] },
        handler: ({ actor, params }) => tests.test(actor, params.tenantId),
      }),
      defineRoute({
        method: 'GET',
        path: `${base}/tests`,
        summary:
          'Test history: the last 50 Test results (manual and scheduled), newest first, and the next scheduled Test',
        tag,
        auth,
        params: tenantParams,
        responses: { 200: json('The Test history', views.keyTestHistorySchema) },
        errors: TENANT,
        handler: ({ actor, params }) => tests.history(actor, params.tenantId),
      }),
    ]);
  });
}
