/**
 * What the reference data collector measures on this machine, as an OTLP/HTTP JSON metrics request: CPU
 * utilisation since the previous sample, memory utilisation, and availability (1: the collector is up).
 */
import { cpus, freemem, hostname, totalmem } from 'node:os';

interface CpuTimes {
  readonly idle: number;
  readonly total: number;
}

function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

export function createSampler(serviceName: string) {
  let previous = cpuTimes();
  return function sample(now: Date): unknown {
    const current = cpuTimes();
    const totalDelta = current.total - previous.total;
    const cpuPercent = totalDelta > 0 ? (1 - (current.idle - previous.idle) / totalDelta) * 100 : 0;
    previous = current;
    const memoryPercent = (1 - freemem() / totalmem()) * 100;
    const time = String(BigInt(now.getTime()) * 1_000_000n);
    const point = (value: number) => ({ timeUnixNano: time, asDouble: Math.round(value * 100) / 100 });
    return {
      resourceMetrics: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: serviceName } },
              { key: 'host.name', value: { stringValue: hostname() } },
            ],
          },
          scopeMetrics: [
            {
              scope: { name: 'calm-keys-agent', version: '0.1.0' },
              metrics: [
                { name: 'system.cpu.utilization', unit: '%', gauge: { dataPoints: [point(cpuPercent)] } },
                { name: 'system.memory.utilization', unit: '%', gauge: { dataPoints: [point(memoryPercent)] } },
                { name: 'availability', unit: '1', gauge: { dataPoints: [point(1)] } },
              ],
            },
          ],
        },
      ],
    };
  };
}
