/**
 * Raw Data outbound: metrics and logs read back as SAP's live tenants answer them (`GET /calm-metrics/v1/metrics`:
 * Prometheus text by default, OTLP protobuf or OTLP JSON; `GET /calm-logs/v1/logs`: OTLP protobuf by default or
 * OTLP JSON). The services check the query themselves, so that each refusal has SAP's status and text.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { almViews as views, fullScope, logsReadScopes, type RawAnswer } from '../../../alm-api/index.js';
import { ALM_ERRORS } from '../../../alm-api/errors.js';
import { defineRoute, withScopes, type AnyRoute } from '../../contract/route.js';
import { auth, tag, TOKEN, type AlmRouteKit } from './kit.js';

const text = (max: number, description: string) => z.string().max(max).optional().describe(description);

/** SAP's parameters (blog 13559270, the Postman collection); others are accepted and ignored. */
export const metricsReadQuery = z
  .object({
    provider: text(20, 'Required: hm (what managed services push), rum, jam, bsm, sum, exm, cpi, ...'),
    version: text(10, 'V1'),
    format: text(20, 'text (Prometheus, default), protobuf-binary, protobuf-json, or calm-keys-json'),
    period: text(10, 'L<n><unit> (whole units before now), C<n><unit> (current unit so far); or 60M, 24H, 7D'),
    from: text(40, 'YYYYMMDDHHmmss (UTC) or ISO-8601 with offset'),
    to: text(40, 'YYYYMMDDHHmmss (UTC) or ISO-8601 with offset'),
    resolution: text(10, 'Bucket size: 5Mi, 15Mi, 1H, D, W, M, Y; R each point (default), P the whole period'),
    dimensions: text(2000, 'Required: comma list, e.g. serviceType,serviceName,serviceId,metricName,metricLabel'),
    metrics: text(2000, 'Required: comma list of measure:<name>[;<method>], e.g. measure:value'),
    prefix: text(40, 'Output name prefix (default: the provider)'),
    shift: text(10, 'Accepted as SAP clients send it; no effect'),
    serviceType: text(100, 'Only managed objects of this type'),
    serviceId: text(100, 'Only this managed service or system'),
    metricName: text(2000, 'calm-keys: only these pushed metric names (comma list)'),
    limit: text(10, 'Rows at most; more without onLimit=TRUNCATE is 403'),
    offset: text(10, 'Rows to skip'),
    onLimit: text(20, 'TRUNCATE: answer the first rows instead of 403'),
    preserveTimeStamp: text(10, 'true: points carry the time of the latest pushed point of their bucket'),
  })
  .catchall(z.string().max(2000));

/** What the live logs read takes; the bracket form logsFilters[serviceId] and $top, pageSize, page are refused. */
export const logsReadQuery = z
  .object({
    provider: text(
      20,
      'Required (428 when missing): hm, exm.im, exm.jam, bsm, im, iep, jam.def, jam.run, jam.run_step',
    ),
    serviceId: text(100, 'Required (428 when missing): the managed service or system'),
    version: text(10, 'V1'),
    format: text(20, 'protobuf-json for OTLP JSON; otherwise binary OTLP protobuf'),
    period: text(10, '<n>M, at most 60M (default 60M)'),
    from: text(40, 'YYYYMMDDHHmmss (UTC)'),
    to: text(40, 'YYYYMMDDHHmmss (UTC)'),
    category: text(200, "Only records whose attribute category is this (e.g. 'ABAP Runtime')"),
    limit: text(10, 'Records at most; more without onLimit=truncate is 403'),
    offset: text(10, 'Records to skip'),
    onLimit: text(20, 'truncate: answer the first records instead of 403'),
    observedTimestamp: text(10, 'Accepted as SAP clients send it; observedTimeUnixNano is always set'),
    preserveTimeStamp: text(10, 'Accepted as SAP clients send it'),
  })
  .catchall(z.string().max(2000));

const BAD_QUERY = [ALM_ERRORS.bad_parameter, ALM_ERRORS.unknown_provider, ALM_ERRORS.bad_time, ALM_ERRORS.bad_period];
const OVER_LIMIT = [...TOKEN[403], ALM_ERRORS.over_limit];

function send(reply: FastifyReply, answer: RawAnswer): FastifyReply {
  return reply.header('Content-Type', answer.contentType).send(answer.body);
}

export function rawReadRoutes({ almApi: { rawReads }, as, masterXsappname }: AlmRouteKit): AnyRoute[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/calm-metrics/v1/metrics',
      summary: 'Raw Data outbound metrics (scopes calm-api.metrics.read and calm-api.hm.read)',
      description:
        "Prometheus text by default (format=text), OTLP ExportMetricsServiceRequest as protobuf (protobuf-binary) or JSON (protobuf-json); calm-keys-json is the list of one service's points. Without provider 400 (the LM Test's probe).",
      tag,
      auth,
      before: as(['metrics.read', 'hm.read']),
      query: metricsReadQuery,
      responses: {
        200: {
          description: 'The measures per bucket and dimension values; empty for a provider that holds nothing',
          schema: views.prometheusTextSchema,
          contentType: 'text/plain',
          alternatives: {
            'application/x-protobuf': views.protobufSchema,
            'application/json': z.union([views.rawMetricsJsonSchema, views.metricsReadSchema]),
          },
        },
      },
      errors: {
        ...TOKEN,
        403: OVER_LIMIT,
        404: [ALM_ERRORS.service_not_found],
        400: [...BAD_QUERY, ALM_ERRORS.parameter_missing, ALM_ERRORS.window_too_long, ALM_ERRORS.service_id_missing],
      },
      handler: async ({ auth: who, query, reply }) => send(reply, await rawReads.readMetrics(who, query)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/calm-logs/v1/logs',
      summary: "Raw Data outbound logs (scope calm-api.logs.read and the provider's, e.g. calm-api.exm.read)",
      description:
        'Binary OTLP ExportLogsServiceRequest by default, OTLP JSON with format=protobuf-json ({} or an empty body when the window is empty).',
      tag,
      auth,
      // the provider's own scope is named in the challenge too, so the check runs on the raw query
      // (the document lists the scope every provider needs; the provider's own is in the summary)
      before: withScopes(
        (request) => as(logsReadScopes((request.query as Record<string, unknown>).provider))(request),
        [fullScope(masterXsappname, 'logs.read')],
      ),
      query: logsReadQuery,
      responses: {
        200: {
          description: 'The records in the window, oldest first',
          schema: views.protobufSchema,
          contentType: 'application/x-protobuf',
          alternatives: { 'application/json': views.rawLogsJsonSchema },
        },
      },
      errors: {
        ...TOKEN,
        403: OVER_LIMIT,
        404: [ALM_ERRORS.service_not_found],
        400: [...BAD_QUERY, ALM_ERRORS.unknown_filter, ALM_ERRORS.window_too_long],
        428: [ALM_ERRORS.precondition_required],
      },
      handler: async ({ auth: who, query, reply }) => send(reply, await rawReads.readLogs(who, query)),
    }),
  ];
}
