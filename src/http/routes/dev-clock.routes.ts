/**
 * The development clock (`/dev/v1/clock`, calm-keys Administrator): show it, move it forward, set it back to real
 * time. A server started without --dev-clock shows real time and refuses the moves (409 clock.not_adjustable).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { devClockViews, type DevClock } from '../../dev-clock/index.js';
import { DEV_CLOCK_ERRORS } from '../../dev-clock/errors.js';
import { SHARED_ERRORS } from '../../shared/error-codes.js';
import { registerRoutes } from '../contract/register.js';
import { defineRoute, json } from '../contract/route.js';

export const advanceBody = z.strictObject({
  by: z
    .string()
    .max(40)
    .describe('How far to move the clock forward: 90s, 30m, 13h, 7d, or parts together (1d12h); 1s to 3650d'),
});

export function registerDevClockRoutes(app: FastifyInstance, deps: { devClock: DevClock }): void {
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/dev/v1/clock',
      summary: "calm-keys' time and how far it runs ahead of real time (calm-keys Administrator)",
      tag: 'clock',
      auth: 'person',
      responses: { 200: json('The clock', devClockViews.clockViewSchema) },
      errors: { 403: [SHARED_ERRORS.forbidden] },
      handler: ({ actor }) => deps.devClock.showAs(actor),
    }),
    defineRoute({
      method: 'POST',
      path: '/dev/v1/clock/advance',
      summary: 'Move the clock forward: tokens, certificates, schedules and grace periods follow (--dev-clock only)',
      tag: 'clock',
      auth: 'person',
      body: advanceBody,
      responses: { 200: json('The clock after the move', devClockViews.clockViewSchema) },
      errors: {
        400: [DEV_CLOCK_ERRORS.bad_duration],
        403: [SHARED_ERRORS.forbidden],
        409: [DEV_CLOCK_ERRORS.not_adjustable],
      },
      handler: ({ actor, body }) => deps.devClock.advanceAs(actor, body.by),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/dev/v1/clock',
      summary: 'Set the clock back to real time (--dev-clock only)',
      tag: 'clock',
      auth: 'person',
      responses: { 200: json('The clock, on real time again', devClockViews.clockViewSchema) },
      errors: { 403: [SHARED_ERRORS.forbidden], 409: [DEV_CLOCK_ERRORS.not_adjustable] },
      handler: ({ actor }) => deps.devClock.resetAs(actor),
    }),
  ]);
}
