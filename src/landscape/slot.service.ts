/**
 * The "SAP Cloud ALM Service Key" section of Landscape Management: one key per tenant. `createSlotService`
 * composes its parts: reading it (view with secrets masked, audited reveal and download: slot-reads.ts),
 * filling it (upload and the provisioned key: slot-upload.ts) and emptying it (slot-delete.ts).
 */
import type { LandscapeDeps } from './landscape.deps.js';
import { createSlotDeletion } from './slot-delete.js';
import { createSlotReads } from './slot-reads.js';
import { createSlotUpload } from './slot-upload.js';
import { createSlotRestore } from './slot-restore.js';
import { createBlastRadius } from './blast-radius.js';

export type { UploadInput, UploadOutcome } from './slot-upload.js';

export function createSlotService(deps: LandscapeDeps) {
  const { upload, placeProvisionedKey } = createSlotUpload(deps);
  return {
    ...createSlotReads(deps),
    upload,
    ...createSlotDeletion(deps),
    placeProvisionedKey,
    ...createSlotRestore(deps),
    ...createBlastRadius(deps),
  };
}

export type SlotService = ReturnType<typeof createSlotService>;
