/** Outbound HTTP for all of calm-keys: one client type with timeouts, TLS trust, mTLS, allow-list, no redirects. */
export {
  createEgressClient,
  EGRESS_DEFAULTS,
  USER_AGENT,
  type EgressClient,
  type EgressClientOptions,
  type EgressRequest,
  type EgressResponse,
  type EgressSettings,
  type ClientCertificate,
  type RequestBody,
} from './egress-client.js';
export { EgressError, isEgressError, type EgressErrorKind, type EgressErrorFacts } from './egress-error.js';
export { parseHostPattern, createHostAllowList, type HostPattern, type HostAllowList } from './host-allow-list.js';
export { EGRESS_ERRORS, type EgressErrorCode } from './errors.js';
