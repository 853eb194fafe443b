/**
 * `POST /landscape-management/v1/Registration`: a managed ABAP system registers (what `/SDF/ALM_SETUP`
 * *Register* does) and receives its LMS ID. SAP documents that a 400 means missing SAPDBHOST or SLICENSE
 * data, so both are required here. Registering again returns the same LMS ID.
 */
import { z } from 'zod';
import type { AlmApiDeps } from './alm.deps.js';
import type { ApiPrincipal } from './bearer.js';
import { parseOtlp } from './otlp-common.js';

export const registrationBody = z.object({
  SID: z.string().regex(/^[A-Z][A-Z0-9]{2}$/, 'a system id of three letters or digits, starting with a letter'),
  SAPDBHOST: z.string().min(1, 'required').max(255),
  SLICENSE: z.string().min(1, 'required').max(64),
  systemName: z.string().min(1).max(80).optional(),
  systemType: z.string().min(1).max(40).optional(),
});

export function createRegistrationService(deps: Pick<AlmApiDeps, 'registry'>) {
  return {
    async register(principal: ApiPrincipal, body: unknown) {
      const input = parseOtlp(registrationBody, body, 'registration');
      const externalId = `${input.SID}@${input.SAPDBHOST.toLowerCase()}`;
      const registered = await deps.registry.registerSystem(principal.tenantId, {
        externalId,
        name: input.systemName ?? `${input.SID} on ${input.SAPDBHOST}`,
        objectType: input.systemType ?? 'ABAP',
        clientId: principal.clientId,
      });
      return { lmsId: registered.lmsId, systemId: registered.id, SID: input.SID, created: registered.created };
    },
  };
}
