// Runs the OpenTelemetry JS SDK with its OTLP/HTTP metrics exporter (JSON, the package's default) against the
// calm-keys Cloud ALM API, in a child process started with NODE_EXTRA_CA_CERTS=<our CA> (nothing is relaxed).
// Usage: node test/support/otel-exporter.mjs <config.json> where the file holds {url, token, compression?};
// prints one JSON line: {results: [{code, error?}]}, one entry per export (forceFlush, then shutdown).
import { readFileSync } from 'node:fs';
import { DiagConsoleLogger, DiagLogLevel, ValueType, diag } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN); // goes to stderr through console.warn/error

const exporter = new OTLPMetricExporter({
  url: config.url,
  headers: { Authorization: `Bearer ${config.token}` },
  ...(config.compression ? { compression: config.compression } : {}),
});

// The real exporter does the work; this only keeps each export's outcome, which the reader swallows.
const results = [];
const realExport = exporter.export.bind(exporter);
exporter.export = (metrics, done) =>
  realExport(metrics, (result) => {
    results.push({
      code: result.code,
      ...(result.error ? { error: `${result.error.name}: ${result.error.message}` } : {}),
    });
    done(result);
  });

const reader = new PeriodicExportingMetricReader({
  exporter,
  exportIntervalMillis: 60_000,
  exportTimeoutMillis: 10_000,
});
const provider = new MeterProvider({
  resource: resourceFromAttributes({ 'service.name': 'otel-exporter-test', 'host.name': 'vm-otel-1' }),
  readers: [reader],
});
const meter = provider.getMeter('calm-keys-otel-test', '1.0.0');

const gauge = meter.createGauge('system.cpu.utilization', { unit: '1', description: 'CPU utilization' });
gauge.record(0.425, { 'cpu.mode': 'user' });

const counter = meter.createCounter('http.server.requests', { unit: '{request}', valueType: ValueType.INT });
counter.add(3, { 'http.route': '/orders' });
counter.add(4, { 'http.route': '/orders' });

const histogram = meter.createHistogram('http.server.duration', { unit: 'ms' });
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
process.stdout.write(`${JSON.stringify({ results })}\n`);
