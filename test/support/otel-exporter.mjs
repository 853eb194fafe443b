// Runs the OpenTelemetry JS SDK with its real OTLP/HTTP exporters, unchanged, against the calm-keys Cloud ALM API,
// in a child process started with NODE_EXTRA_CA_CERTS=<our CA> (nothing is relaxed): metrics (MeterProvider,
// periodic reader) and logs (LoggerProvider, batch processor), each in http/json or http/protobuf, with gzip or not.
// Usage: node test/support/otel-exporter.mjs <config.json>, the file holding
//   {token, runs: [{signal: 'metrics'|'logs', protocol: 'http/json'|'http/protobuf', compression?: 'gzip'|'none', url}]}
// (one run is one provider with its own exporter; the resource attribute `test.run` = `<protocol>+<compression>`).
// Prints one JSON line: {runs: [{results: [{code, error?}]}]}, one result per export.
import { readFileSync } from 'node:fs';
import { DiagConsoleLogger, DiagLogLevel, ROOT_CONTEXT, TraceFlags, ValueType, diag, trace } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN); // goes to stderr through console.warn/error

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

const EXPORTERS = {
  metrics: { 'http/json': JsonMetricExporter, 'http/protobuf': ProtoMetricExporter },
  logs: { 'http/json': JsonLogExporter, 'http/protobuf': ProtoLogExporter },
};

/** The real exporter does the work; this only keeps each export's outcome, which the SDK swallows. */
function recorded(run) {
  const Exporter = EXPORTERS[run.signal][run.protocol];
  const exporter = new Exporter({
    url: run.url,
    headers: { Authorization: `Bearer ${config.token}` },
    ...(run.compression ? { compression: run.compression } : {}),
  });
  const results = [];
  const realExport = exporter.export.bind(exporter);
  exporter.export = (items, done) =>
    realExport(items, (result) => {
      results.push({
        code: result.code,
        ...(result.error ? { error: `${result.error.name}: ${result.error.message}` } : {}),
      });
      done(result);
    });
  return { exporter, results };
}

const resourceOf = (run) =>
  resourceFromAttributes({
    'service.name': 'otel-exporter-test',
    'host.name': 'vm-otel-1',
    'test.run': `${run.protocol}+${run.compression ?? 'none'}`,
  });

async function exportMetrics(run) {
  const { exporter, results } = recorded(run);
  const reader = new PeriodicExportingMetricReader({
    exporter,
    exportIntervalMillis: 60_000,
    exportTimeoutMillis: 10_000,
  });
  const provider = new MeterProvider({ resource: resourceOf(run), readers: [reader] });
  const meter = provider.getMeter('calm-keys-otel-test', '1.0.0');

  const gauge = meter.createGauge('system.cpu.utilization', { unit: '1', description: 'CPU utilization' });
  gauge.record(0.425, { 'cpu.mode': 'user' });
  const counter = meter.createCounter('http.server.requests', { unit: '{request}', valueType: ValueType.INT });
  counter.add(3, { 'http.route': '/orders' });
  counter.add(4, { 'http.route': '/orders' });
  const histogram = meter.createHistogram('http.server.duration', {
    unit: 'ms',
    advice: { explicitBucketBoundaries: [10, 100, 1000] },
  });
  for (const v of [5, 15, 250]) histogram.record(v, { 'http.route': '/orders' });
  const upDown = meter.createUpDownCounter('queue.length', { valueType: ValueType.INT });
  upDown.add(10);
  upDown.add(-3);
  meter
    .createObservableGauge('memory.utilization', { unit: '%' })
    .addCallback((result) => result.observe(61.5, { kind: 'heap' }));

  // first export: forceFlush; then more recordings, and the final export that shutdown makes
  await provider.forceFlush();
  counter.add(5, { 'http.route': '/orders' });
  gauge.record(0.5, { 'cpu.mode': 'user' });
  histogram.record(30, { 'http.route': '/orders' });
  await provider.shutdown();
  return { results };
}

async function exportLogs(run) {
  const { exporter, results } = recorded(run);
  const provider = new LoggerProvider({
    resource: resourceOf(run),
    processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 60_000 })],
  });
  const logger = provider.getLogger('calm-keys-otel-test', '1.0.0');
  // a record inside a sampled span: the SDK takes trace id, span id and flags from the context
  const context = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
  });
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'disk almost full',
    attributes: { 'disk.path': '/var', 'disk.free_ratio': 0.03, retries: 2 },
    eventName: 'disk.full',
    context,
  });
  logger.emit({ severityNumber: SeverityNumber.INFO, body: { event: 'login', user: 'u1', ok: true } });
  logger.emit({ severityNumber: SeverityNumber.WARN2, severityText: 'WARN', body: 'slow response' });
  await provider.forceFlush();
  await provider.shutdown();
  return { results };
}

const runs = [];
for (const run of config.runs) runs.push(await (run.signal === 'logs' ? exportLogs(run) : exportMetrics(run)));
process.stdout.write(`${JSON.stringify({ runs })}\n`);
