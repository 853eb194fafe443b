/**
 * The blast radius of the slot's key: who used it recently, so that a person sees what a delete breaks.
 * Each managed service or system whose last push was made with the key's client id (and when), the last
 * token issued for it (`KeyUsageLookup`), and the calls with its client id by client address in the last
 * 7 days (client-calls.ts). A key used in the last 24 h (a push, a token request or an API call, not
 * calm-keys' own Test of it) is deleted only with an explicit confirmation (`confirm=recently-used`).
 */
import { toAuditActor, type Actor } from '../access/index.js';
import { DomainError } from '../shared/index.js';
import type { LandscapeDeps, LandscapeTenant } from './landscape.deps.js';
import { authorizedTenant } from './slot.access.js';
import { requireKey } from './slot-reads.js';
import type { SlotRow } from './slot.repo.js';
import * as callsRepo from './client-calls.repo.js';
import type { BlastRadiusView } from './blast-radius.view.js';
import { LANDSCAPE_ERRORS } from './errors.js';

export const CALL_WINDOW_DAYS = 7;
export const RECENT_USE_MS = 24 * 3_600_000;
/** What a delete sends to confirm a recently used key: `?confirm=recently-used`. */
export const CONFIRM_RECENTLY_USED = 'recently-used';

type RecentUse = NonNullable<BlastRadiusView['recentUse']>;

/**
 * The 24 h rule: the latest push or non-Test call within `RECENT_USE_MS` before `now`, or null. The Test's
 * own calls (kind `test`) never count; nor does `lastTokenAt` alone, which the token server writes for the
 * Test's token too and cannot tell apart: the token requests of clients are counted among the calls.
 */
export function recentUseOf(
  now: Date,
  pushes: BlastRadiusView['pushes'],
  calls: readonly Pick<callsRepo.ClientCallRow, 'kind' | 'last_at' | 'client_address'>[],
): RecentUse | null {
  const from = new Date(now.getTime() - RECENT_USE_MS).toISOString();
  let best: RecentUse | null = null;
  for (const push of pushes)
    if (push.at >= from && (!best || push.at > best.at))
      best = { at: push.at, via: 'push', detail: `pushed to ${push.name}` };
  for (const call of calls) {
    if (call.kind === 'test' || call.last_at < from || (best && call.last_at <= best.at)) continue;
    const via = call.kind === 'token' ? 'token' : 'api';
    best = {
      at: call.last_at,
      via,
      detail: `${via === 'token' ? 'token request' : 'Cloud ALM API call'} from ${call.client_address}`,
    };
  }
  return best;
}

function callsByAddress(rows: readonly callsRepo.ClientCallRow[]): BlastRadiusView['calls'] {
  const byAddress = new Map<
    string,
    { address: string; tokenRequests: number; apiCalls: number; testCalls: number; lastAt: string; days: Set<string> }
  >();
  for (const row of rows) {
    let entry = byAddress.get(row.client_address);
    if (!entry) {
      entry = {
        address: row.client_address,
        tokenRequests: 0,
        apiCalls: 0,
        testCalls: 0,
        lastAt: row.last_at,
        days: new Set(),
      };
      byAddress.set(row.client_address, entry);
    }
    if (row.kind === 'token') entry.tokenRequests += row.calls;
    else if (row.kind === 'api') entry.apiCalls += row.calls;
    else entry.testCalls += row.calls;
    if (row.last_at > entry.lastAt) entry.lastAt = row.last_at;
    entry.days.add(row.day);
  }
  return [...byAddress.values()]
    .map(({ days, ...entry }) => ({ ...entry, days: days.size }))
    .sort((a, b) => (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : a.address.localeCompare(b.address)));
}

/** The blast radius of `row`, the key in the tenant's slot (no authorization here). */
export async function blastRadiusOf(
  deps: LandscapeDeps,
  tenant: LandscapeTenant,
  row: SlotRow,
): Promise<BlastRadiusView> {
  const now = deps.clock.now();
  const fromDay = new Date(now.getTime() - (CALL_WINDOW_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  const pushes = (await callsRepo.objectsPushedWithClient(deps.db, tenant.tenantId, row.client_id)).map((o) => ({
    objectId: o.id,
    name: o.name,
    kind: o.kind,
    at: o.last_push_at ?? '',
  }));
  const lastTokenAt =
    row.binding_id && deps.keyUsage
      ? await deps.keyUsage.lastTokenIssuedAt(tenant.zoneId, row.client_id, row.binding_id)
      : null;
  // what is stored, plus what this process counted and has not written yet
  const calls = [
    ...(await callsRepo.callsOfClient(deps.db, tenant.zoneId, row.client_id, fromDay)),
    ...(deps.clientCalls?.pendingOf(tenant.zoneId, row.client_id).filter((c) => c.day >= fromDay) ?? []),
  ];
  const recentUse = recentUseOf(now, pushes, calls);
  return {
    tenantId: tenant.tenantId,
    keyId: row.id,
    name: row.name,
    clientId: row.client_id,
    at: now.toISOString(),
    pushes,
    lastTokenAt,
    calls: callsByAddress(calls),
    callWindowDays: CALL_WINDOW_DAYS,
    recentUse,
    needsConfirmation: recentUse !== null,
  };
}

/**
 * Before a delete: refuses a key used in the last 24 h unless `confirmed`, and audits the refusal.
 * Returns whether the key was recently used (for the delete's audit record).
 */
export async function checkRecentUse(
  deps: LandscapeDeps,
  actor: Actor,
  tenant: LandscapeTenant,
  row: SlotRow,
  confirmed: boolean,
): Promise<boolean> {
  const { recentUse } = await blastRadiusOf(deps, tenant, row);
  if (!recentUse) return false;
  if (confirmed) return true;
  await deps.audit.record(deps.db, {
    action: 'lm.service_key.delete_refused',
    outcome: 'denied',
    actor: toAuditActor(actor),
    tenantId: tenant.tenantId,
    targetId: row.id,
    details: { name: row.name, clientId: row.client_id, reason: 'recently_used', lastUseAt: recentUse.at },
  });
  throw new DomainError(
    'conflict',
    LANDSCAPE_ERRORS.key_recently_used,
    `The key was used in the last 24 hours (${recentUse.detail} at ${recentUse.at}). Deleting it breaks that caller. Check its blast radius, then confirm: DELETE with ?confirm=${CONFIRM_RECENTLY_USED} (CLI: --force).`,
    { details: [{ path: 'confirm', message: `last use ${recentUse.at}: ${recentUse.detail}` }] },
  );
}

export function createBlastRadius(deps: LandscapeDeps) {
  return {
    /** The blast radius of the tenant's key (Viewer and Administrator); audited as a read. */
    async blastRadius(actor: Actor, tenantId: string): Promise<BlastRadiusView> {
      const tenant = await authorizedTenant(deps, actor, tenantId, 'lm.service_key.view');
      const row = await requireKey(deps, tenant);
      const view = await blastRadiusOf(deps, tenant, row);
      await deps.audit.record(deps.db, {
        action: 'lm.service_key.blast_radius_viewed',
        outcome: 'success',
        actor: toAuditActor(actor),
        tenantId,
        targetId: row.id,
        details: { name: row.name, recentlyUsed: view.needsConfirmation },
      });
      return view;
    },
  };
}
