/**
 * How share records and deliveries are written to Redis and read back: JSON, with copies' bytes in
 * base64. Anything unreadable is `STORE_UNAVAILABLE` (the storage is damaged, the caller cannot decide),
 * never a crash.
 *
 * @module
 */
import { AcceptError, type AcceptErrorCode, isAcceptErrorCode } from '../errors.js';
import { parseJsonObject } from '../json.js';
import type { ShareState } from '../share/state.js';
import type { DeliveredCopy, Delivery, ShareRecord } from '../share/store.js';

const STATES: readonly string[] = [
  'requested',
  'awaiting-consent',
  'delivered',
  'declined',
  'expired',
  'failed',
];

/**
 * A session from the fields of its hash (a flat `[name, value, …]` list, as `HGETALL` answers inside a
 * script), or undefined for a missing session (an empty list or no list).
 */
export function fieldsToRecord(reply: unknown): ShareRecord | undefined {
  if (!Array.isArray(reply) || reply.length === 0) return undefined;
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), String(reply[i + 1]));
  const json = fields.get('json');
  const state = fields.get('state');
  const updatedAt = Number(fields.get('updatedAt'));
  if (json === undefined || state === undefined || !STATES.includes(state) || !Number.isFinite(updatedAt)) {
    throw damaged('a stored session is incomplete');
  }
  const created = parseJsonObject(json);
  if (!created.ok) throw damaged('a stored session is unreadable');
  const record: Record<string, unknown> = { ...created.value, state: state as ShareState, updatedAt };
  for (const name of ['deeplink', 'otp'] as const) {
    const value = fields.get(name);
    if (value !== undefined) record[name] = value;
  }
  const failure = fields.get('failure');
  if (failure !== undefined && isAcceptErrorCode(failure)) record.failure = failure as AcceptErrorCode;
  return record as unknown as ShareRecord;
}

/** A delivery as JSON, the copies' bytes as base64. */
export function encodeDelivery(delivery: Delivery): string {
  return JSON.stringify({
    ...delivery,
    copies: delivery.copies.map((copy) => ({
      ...copy,
      content: Buffer.from(copy.content).toString('base64'),
    })),
  });
}

/** The delivery back, each copy's bytes in a fresh `Uint8Array`. */
export function decodeDelivery(json: string): Delivery {
  let parsed: Omit<Delivery, 'copies'> & { copies: (Omit<DeliveredCopy, 'content'> & { content: string })[] };
  try {
    // Not the strict parse: the delivery nests the platform's metadata one level down, so metadata the
    // webhook accepted at the strict depth limit would read back one level too deep. The store wrote it.
    parsed = JSON.parse(json);
  } catch (cause) {
    throw damaged('a stored delivery is unreadable', cause);
  }
  if (!Array.isArray(parsed?.copies)) throw damaged('a stored delivery is incomplete');
  return {
    ...parsed,
    copies: parsed.copies.map((copy) => {
      const bytes = Buffer.from(String(copy.content), 'base64');
      return {
        ...copy,
        content: new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)),
      };
    }),
  };
}

function damaged(detail: string, cause?: unknown): AcceptError {
  return new AcceptError('STORE_UNAVAILABLE', cause === undefined ? { detail } : { cause, detail });
}
