/**
 * The platform's share statuses, read tolerantly. The platform's own sharing history uses `processing`,
 * `refuse` and `done` (mapped to `awaiting-consent`, `declined`, `delivered`); what the status endpoints
 * answer is unconfirmed, so a few other words and any case are read too. Anything not recognised becomes
 * `unknown`, with the original kept.
 *
 * @module
 */
import type { PlatformShareStatus, StatusResponse } from './port.js';

const WORDS: Readonly<Record<string, PlatformShareStatus>> = {
  pending: 'awaiting-consent',
  new: 'awaiting-consent',
  created: 'awaiting-consent',
  requested: 'awaiting-consent',
  waiting: 'awaiting-consent',
  awaiting: 'awaiting-consent',
  'awaiting-consent': 'awaiting-consent',
  'in-progress': 'awaiting-consent',
  processing: 'awaiting-consent',
  approved: 'consented',
  accepted: 'consented',
  confirmed: 'consented',
  consented: 'consented',
  delivered: 'delivered',
  sent: 'delivered',
  completed: 'delivered',
  done: 'delivered',
  declined: 'declined',
  rejected: 'declined',
  refuse: 'declined',
  refused: 'declined',
  denied: 'declined',
  cancelled: 'declined',
  canceled: 'declined',
  expired: 'expired',
  timeout: 'expired',
  'timed-out': 'expired',
};

/**
 * Maps the platform's status value onto {@link PlatformShareStatus}, ignoring case, spaces, underscores
 * and hyphens between words.
 *
 * @example
 * ```ts
 * import { normaliseShareStatus } from 'diia-accept/transport';
 * normaliseShareStatus('APPROVED'); // { status: 'consented', raw: 'APPROVED' }
 * normaliseShareStatus('on_hold'); // { status: 'unknown', raw: 'on_hold' }
 * ```
 */
export function normaliseShareStatus(value: string | number): StatusResponse {
  const raw = String(value);
  const word = raw
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-');
  return { status: (Object.hasOwn(WORDS, word) ? WORDS[word] : undefined) ?? 'unknown', raw };
}
