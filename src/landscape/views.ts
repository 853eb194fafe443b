/** The landscape module's response schemas, for the REST contract (index.ts exports them as `landscapeViews`). */
export {
  keyTestOutcomeSchema,
  lmTenantListSchema,
  revealedKeySchema,
  slotViewSchema,
  uploadCheckSchema,
  uploadedSlotSchema,
} from './slot.view.js';
export { keyTestHistorySchema } from './key-test-history.view.js';
export {
  managedObjectListSchema,
  managedObjectMetricsSchema,
  managedObjectViewSchema,
} from './managed-objects.view.js';
export { blastRadiusSchema, deletedKeyListSchema, deletedKeyViewSchema } from './blast-radius.view.js';
export { rotateBodySchema, rotationAnswerSchema } from './rotation.view.js';
