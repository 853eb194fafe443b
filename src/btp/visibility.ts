/** Which subaccounts an actor administers: its Subaccount Administrator scopes plus every subaccount of its global accounts. */
import type { Actor } from '../access/index.js';
import type { Executor } from '../store/index.js';
import * as repo from './btp.repo.js';

export async function administeredSubaccounts(ex: Executor, actor: Actor): Promise<string[]> {
  const direct = actor.assignments
    .filter((a) => a.role === 'SubaccountAdministrator' && a.scopeType === 'subaccount')
    .map((a) => a.scopeId);
  const viaGlobal: string[] = [];
  for (const a of actor.assignments.filter(
    (x) => x.role === 'GlobalAccountAdministrator' && x.scopeType === 'global_account',
  )) {
    viaGlobal.push(...(await repo.listSubaccounts(ex, a.scopeId)).map((s) => s.id));
  }
  return [...new Set([...direct, ...viaGlobal])];
}
