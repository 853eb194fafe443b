/** Requests and helpers of the OTLP metrics parser's unit tests (otlp-metrics*.test.ts). */
import assert from 'node:assert/strict';
import { DomainError } from '../../shared/index.js';
import { parseMetricsRequest } from '../otlp-metrics.js';

export const now = new Date('2026-05-04T10:00:00.000Z');
export const nanosOf = (d: Date) => String(BigInt(d.getTime()) * 1_000_000n);
/** A minute before `now`, in nanoseconds. */
export const at = nanosOf(new Date(now.getTime() - 60_000));
export const parsed = (body: unknown, maxPoints = 100) => parseMetricsRequest(body, { now, maxPoints });
export const parse = (body: unknown, maxPoints = 100) => parsed(body, maxPoints).points;

/** The 400 or 413 a request gets; fails when it is accepted. */
export function refusal(body: unknown, maxPoints = 100): DomainError {
  try {
    parse(body, maxPoints);
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('the request was accepted');
}

export const request = (metrics: unknown[]) => ({
  resourceMetrics: [
    { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] }, scopeMetrics: [{ metrics }] },
  ],
});
export const gauge = (point: Record<string, unknown>) => ({
  name: 'cpu',
  unit: '%',
  gauge: { dataPoints: [{ timeUnixNano: at, ...point }] },
});
export const POINT = 'resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[0]';
