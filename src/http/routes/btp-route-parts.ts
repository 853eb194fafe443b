/**
 * What the BTP routes files share: the id parameter, SAP Service Manager's list shape, the tag and auth of
 * every `/btp/v1` route, and the error of its rate limits, which every one of them can answer.
 */
import { z } from 'zod';
import { BTP_ERRORS } from '../../btp/errors.js';

export const idParams = z.object({ id: z.string().min(1).max(100) });
export const list = <T>(items: T[]) => ({ num_items: items.length, items });
export const tag = 'btp';
export const auth = 'person';
export const RATE = { 429: [BTP_ERRORS.rate_limited] } as const;
