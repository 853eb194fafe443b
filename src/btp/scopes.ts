/**
 * Scopes of the SAP Cloud ALM API. `$XSMASTERAPPNAME` in instance parameters stands for the Cloud ALM master
 * application; its real name is not published, so calm-keys uses SAP's own illustration `sapcloudalm!b4711`.
 *
 * The names are SAP's, from the API Guide page "API Scopes" (help.sap.com, loio a111fd3cdaef4f36801eb43fff23ef20)
 * and the SAP-samples `service.json` files; which of them a *generated* key carries SAP does not publish, so the
 * two sets below are calm-keys' decision by era (btp/README.md, "Scope sets"; alm-api/README.md, "Scopes").
 */
export const MASTER_XSAPPNAME = 'sapcloudalm!b4711';
export const MASTER_PLACEHOLDER = '$XSMASTERAPPNAME';

const local = (names: readonly string[]) => names.map((n) => `${MASTER_XSAPPNAME}.${n}`);
const writeAndRead = (areas: readonly string[]) => areas.flatMap((a) => [`calm-api.${a}.write`, `calm-api.${a}.read`]);

/**
 * The Raw Data areas: SAP's table names `.write` "RAW Inbound Data" and `.read` "RAW Outbound Data" for hm, exm,
 * bsm and integration-monitoring; metrics and logs are the Raw Data Inbound/Outbound Metrics and Logs APIs
 * (metrics.read with hm.read, metrics.write with hm.write, as SAP's examples ask for them together).
 */
export const RAW_DATA_AREAS = ['metrics', 'hm', 'logs', 'exm', 'bsm', 'integration-monitoring'] as const;

/** Projects and tasks, as SAP's samples grant them (`applications/ScopingAPI/service.json`). */
export const IMPLEMENTATION_AREAS = ['projects', 'tasks'] as const;

/** Transport management (CDM): the two UI scopes SAP tells monitoring-era tenants to add by hand (AG-enable). */
export const TRANSPORT_SCOPES = ['imp-cdm-feature-display-ui', 'imp-cdm-feature-manage-ui'] as const;

/**
 * What a key generated for monitoring carries (tenants provisioned 2023-06-12 to 2023-10-15). SAP: credentials
 * "that can be used to connect managed services to SAP Cloud ALM for operations monitoring applications"
 * (AG-retrieve). Health, exception and integration monitoring and business service management are the
 * operations monitoring applications, so every Raw Data area is here, with the landscape read they need to
 * name a service; projects, tasks, landscape registration and transport management are not.
 */
export const MONITORING_SCOPES = [
  ...local([...writeAndRead(RAW_DATA_AREAS), 'calm-api.landscape.read']),
  'uaa.resource',
];

/**
 * What a key generated from 2023-10-16 carries: "the required service credentials" (AG-retrieve), read here as
 * everything calm-keys serves: monitoring, landscape registration, projects and tasks, transport management.
 */
export const ALL_SCOPES = [
  ...local([
    ...writeAndRead(RAW_DATA_AREAS),
    'calm-api.landscape.read',
    'calm-api.landscape.write',
    ...writeAndRead(IMPLEMENTATION_AREAS),
    ...TRANSPORT_SCOPES,
  ]),
  'uaa.resource',
];

/** Resolves `$XSMASTERAPPNAME.x` to `<master>.x`; other names are kept as given. */
export function resolveAuthority(name: string): string {
  return name.startsWith(`${MASTER_PLACEHOLDER}.`)
    ? `${MASTER_XSAPPNAME}${name.slice(MASTER_PLACEHOLDER.length)}`
    : name;
}
