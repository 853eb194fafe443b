/**
 * What callers of `/faults/v1` see and send, as zod schemas (OpenAPI components, response check), and the
 * presenter from stored rows. A fault holds no secret: a client id names a client, it does not authenticate one.
 */
import { z } from 'zod';
import {
  FAULT_KINDS,
  FAULT_TARGETS,
  MAX_ACTIVE_MS,
  MAX_LATENCY_MS,
  MAX_RETRY_AFTER_SECONDS,
  type Fault,
  type FaultKind,
  type FaultTarget,
} from './fault.js';
import type { FaultRow } from './faults.repo.js';

export const faultViewSchema = z
  .strictObject({
    id: z.string(),
    target: z.enum(FAULT_TARGETS).describe('token: /oauth/token (both listeners); jwks: /token_keys; api: /api/...'),
    route: z.string().nullable().describe('api only: the path prefix under /api/ it applies to; null: every route'),
    clientId: z.string().nullable().describe('The one client it applies to; null: every client'),
    kind: z.enum(FAULT_KINDS),
    status: z.number().int().nullable().describe('kind status: the HTTP status answered'),
    latencyMs: z.number().int().nullable().describe('kind latency: the delay before the request is served'),
    retryAfterSeconds: z.number().int().nullable().describe('Retry-After of a 429 or 503 answer'),
    probability: z.number().describe('0..1: the share of matching requests that get it'),
    createdAt: z.string(),
    expiresAt: z.string().nullable().describe('When it stops applying; null: until deleted'),
    createdBy: z.string(),
  })
  .meta({ id: 'FaultView' });
export type FaultView = z.infer<typeof faultViewSchema>;

export const faultListSchema = z.strictObject({ items: z.array(faultViewSchema) }).meta({ id: 'FaultList' });
export type FaultList = z.infer<typeof faultListSchema>;

export const faultStatusSchema = z
  .strictObject({ active: z.number().int().describe('How many faults are active now (0: none)') })
  .meta({ id: 'FaultStatus' });
export type FaultStatus = z.infer<typeof faultStatusSchema>;

export const faultsClearedSchema = z
  .strictObject({ deleted: z.number().int().describe('How many active faults were deleted') })
  .meta({ id: 'FaultsCleared' });

export const addFaultSchema = z
  .strictObject({
    target: z.enum(FAULT_TARGETS),
    route: z.string().min(1).max(200).optional().describe('api only: a path prefix under /api/, e.g. calm-metrics/v1'),
    clientId: z.string().min(1).max(200).optional().describe('Only requests of this client'),
    kind: z.enum(FAULT_KINDS),
    status: z.number().int().min(400).max(599).optional().describe('kind status (required): 400..599'),
    latencyMs: z.number().int().min(1).max(MAX_LATENCY_MS).optional().describe('kind latency (required)'),
    retryAfterSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_RETRY_AFTER_SECONDS)
      .optional()
      .describe('Retry-After of a 429 or 503 answer (default 1)'),
    probability: z.number().min(0).max(1).optional().describe('0..1, default 1 (every matching request)'),
    activeForMs: z.number().int().min(1).max(MAX_ACTIVE_MS).optional().describe('Expires this long after it is added'),
  })
  .meta({ id: 'AddFault' });
export type AddFault = z.infer<typeof addFaultSchema>;

export function faultOfRow(row: FaultRow): Fault {
  return {
    id: row.id,
    target: row.target as FaultTarget,
    route: row.route,
    clientId: row.client_id,
    kind: row.kind as FaultKind,
    status: row.status === null ? null : Number(row.status),
    latencyMs: row.latency_ms === null ? null : Number(row.latency_ms),
    retryAfterSeconds: row.retry_after_seconds === null ? null : Number(row.retry_after_seconds),
    probability: Number(row.probability),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    createdBy: row.created_by_name,
  };
}

export const presentFault = (row: FaultRow): FaultView => ({ ...faultOfRow(row) });
