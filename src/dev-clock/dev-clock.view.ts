/** What callers of `/dev/v1/clock` see. */
import { z } from 'zod';
import { formatDuration } from '../shared/index.js';

export const clockViewSchema = z
  .strictObject({
    adjustable: z.boolean().describe('Whether the server was started with --dev-clock; false: real time, always'),
    now: z.string().describe("calm-keys' time (ISO-8601 UTC): what tokens, certificates and schedules are judged by"),
    realNow: z.string().describe("The host's real time (ISO-8601 UTC)"),
    offsetMs: z.number().int().min(0).describe('How far calm-keys runs ahead of real time, in milliseconds'),
    offset: z.string().describe('The same offset as people read it: 13h, 1d2h, 0s'),
  })
  .meta({ id: 'DevClock' });

export type ClockView = z.infer<typeof clockViewSchema>;

export function clockView(adjustable: boolean, now: Date, offsetMs: number): ClockView {
  return {
    adjustable,
    now: now.toISOString(),
    realNow: new Date(now.getTime() - offsetMs).toISOString(),
    offsetMs,
    offset: formatDuration(offsetMs),
  };
}
