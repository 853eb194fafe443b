/**
 * Scopes of the SAP Cloud ALM API. `$XSMASTERAPPNAME` in instance parameters stands for the Cloud ALM master
 * application; its real name is not published, so calm-keys uses SAP's own illustration `sapcloudalm!b4711`.
 */
export const MASTER_XSAPPNAME = 'sapcloudalm!b4711';
export const MASTER_PLACEHOLDER = '$XSMASTERAPPNAME';

const local = (names: readonly string[]) => names.map((n) => `${MASTER_XSAPPNAME}.${n}`);

/** What a key generated for monitoring carries (tenants provisioned 2023-06-12 to 2023-10-15). */
export const MONITORING_SCOPES = [
  ...local([
    'calm-api.metrics.write',
    'calm-api.metrics.read',
    'calm-api.hm.write',
    'calm-api.hm.read',
    'calm-api.logs.write',
    'calm-api.logs.read',
    'calm-api.landscape.read',
  ]),
  'uaa.resource',
];

/** What a key generated from 2023-10-16 carries: monitoring plus transport management (CDM) and landscape registration. */
export const ALL_SCOPES = [
  ...local([
    'calm-api.metrics.write',
    'calm-api.metrics.read',
    'calm-api.hm.write',
    'calm-api.hm.read',
    'calm-api.logs.write',
    'calm-api.logs.read',
    'calm-api.landscape.read',
    'calm-api.landscape.write',
    'imp-cdm-feature-display-ui',
    'imp-cdm-feature-manage-ui',
  ]),
  'uaa.resource',
];

/** Resolves `$XSMASTERAPPNAME.x` to `<master>.x`; other names are kept as given. */
export function resolveAuthority(name: string): string {
  return name.startsWith(`${MASTER_PLACEHOLDER}.`)
    ? `${MASTER_XSAPPNAME}${name.slice(MASTER_PLACEHOLDER.length)}`
    : name;
}
