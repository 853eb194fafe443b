/**
 * What a Cloud ALM tenant gets at provisioning, by its provisioning date (docs/sap-sources.md §3):
 *   before autoGenerateFrom (2023-06-12)   nothing; keys are created by hand
 *   from autoGenerateFrom                   an instance and a binding with monitoring scopes
 *   from autoUploadFrom (2023-06-14)        ... and that key is placed in Landscape Management
 *   from fullScopesFrom (2023-10-16)        ... with all scopes (incl. transport management)
 * Every boundary is inclusive ("on or after").
 */
export interface ProvisioningCutoffs {
  readonly autoGenerateFrom: string;
  readonly autoUploadFrom: string;
  readonly fullScopesFrom: string;
}

export interface ProvisioningPlan {
  readonly generateKey: boolean;
  readonly uploadToLandscape: boolean;
  readonly scopeSet: 'none' | 'monitoring' | 'all';
}

/** `date` and the cutoffs are calendar dates `YYYY-MM-DD`, compared as text (the format sorts). */
export function provisioningPlan(date: string, cutoffs: ProvisioningCutoffs): ProvisioningPlan {
  const generateKey = date >= cutoffs.autoGenerateFrom;
  return {
    generateKey,
    uploadToLandscape: generateKey && date >= cutoffs.autoUploadFrom,
    scopeSet: !generateKey ? 'none' : date >= cutoffs.fullScopesFrom ? 'all' : 'monitoring',
  };
}
