/**
 * How Diia ID requests and results are written to Redis and read back. JSON, with every `Uint8Array`
 * (digests, signatures, certificates, chains) as `{"$bytes":"<base64>"}`; an object member whose name
 * begins with `$` gets one more `$`, so a result that happens to hold a `$bytes` member reads back as it
 * was. What is written must read back: a value that JSON cannot carry exactly (a function, a `Date`, a
 * `NaN`, `undefined` inside a list, nesting deeper than the strict parser takes) is refused before anything
 * is stored.
 *
 * Reading is strict and bounded: the stored text is parsed by the SDK's strict JSON parser (duplicate
 * members and nesting beyond 16 refused), the shape of a request and of a result is checked field by
 * field, and the scripts refuse a value larger than the limits below before sending it. Anything else is
 * `STORE_UNAVAILABLE` naming what is wrong, never a crash and never a half-read record.
 *
 * @module
 */

import { isDigestAlgorithm } from '../diia-id/digests.js';
import type { DiiaIdRecord, DiiaIdState } from '../diia-id/store.js';
import type { DiiaIdResult } from '../diia-id/types.js';
import { AcceptError } from '../errors.js';
import { isJsonObject, parseStrictJson } from '../json.js';

/** The longest stored request (its JSON), in bytes. Digests of a few thousand files fit. */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** The longest stored result, in bytes: a 16 MiB delivery's signatures, plus certificates and chains. */
export const MAX_RESULT_BYTES = 64 * 1024 * 1024;
/** The strict parser's nesting limit, which the encoder keeps to as well. */
const MAX_DEPTH = 16;
/** The version of the stored result's layout. */
const LAYOUT = 1;

const STATES: readonly DiiaIdState[] = ['pending', 'delivered', 'expired', 'cancelled'];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The `STORE_UNAVAILABLE` of a stored value that cannot be read back. */
export function damaged(detail: string, cause?: unknown): AcceptError {
  return new AcceptError('STORE_UNAVAILABLE', cause === undefined ? { detail } : { cause, detail });
}

/** A value as JSON text, bytes tagged; `STORE_UNAVAILABLE` for what would not read back as it was. */
export function encodeValue(value: unknown, what: string): string {
  return JSON.stringify(toJson(value, 0, what));
}

function toJson(value: unknown, depth: number, what: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value) && !Object.is(value, -0)) return value;
    throw unstorable(what, 'a number that JSON cannot carry');
  }
  if (typeof value !== 'object') throw unstorable(what, `a ${typeof value}`);
  if (depth + 1 > MAX_DEPTH) throw unstorable(what, 'nesting too deep');
  if (value instanceof Uint8Array) {
    return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (Array.isArray(value)) {
    return value.map((item) => {
      if (item === undefined) throw unstorable(what, 'undefined in a list');
      return toJson(item, depth + 1, what);
    });
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw unstorable(what, 'an object that is not plain');
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value)) {
    if (item === undefined) continue; // an absent optional field
    define(out, name.startsWith('$') ? `$${name}` : name, toJson(item, depth + 1, what));
  }
  return out;
}

function unstorable(what: string, why: string): AcceptError {
  return new AcceptError('STORE_UNAVAILABLE', {
    detail: `${what} cannot be stored in Redis: it holds ${why}`,
  });
}

/** Parses text written by {@link encodeValue}: strict JSON, bytes back as fresh `Uint8Array`s. */
export function decodeValue(text: string, what: string): unknown {
  const parsed = parseStrictJson(text);
  if (!parsed.ok) throw damaged(`a stored ${what} is not readable JSON (${parsed.failure})`);
  return fromJson(parsed.value, what);
}

function fromJson(value: unknown, what: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => fromJson(item, what));
  const names = Object.keys(value);
  const record = value as Record<string, unknown>;
  if (names.length === 1 && names[0] === '$bytes') {
    const text = record.$bytes;
    if (typeof text !== 'string' || !BASE64.test(text)) throw damaged(`a stored ${what} holds bad bytes`);
    return new Uint8Array(Buffer.from(text, 'base64'));
  }
  const out: Record<string, unknown> = {};
  for (const name of names) {
    if (name.startsWith('$') && !name.startsWith('$$')) throw damaged(`a stored ${what} holds a bad member`);
    define(out, name.startsWith('$') ? name.slice(1) : name, fromJson(record[name], what));
  }
  return out;
}

/** Sets a member as data: a `__proto__` member stays a member, never the object's prototype. */
function define(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The part of a request that never changes, as stored in the hash's `json` field. */
export function encodeRequest(record: DiiaIdRecord): string {
  const { state: _state, updatedAt: _updatedAt, ...fixed } = record;
  const text = encodeValue(fixed, 'a Diia ID request');
  if (Buffer.byteLength(text) > MAX_REQUEST_BYTES)
    throw new AcceptError('STORE_UNAVAILABLE', { detail: 'a Diia ID request is too large to store' });
  return text;
}

/**
 * A request from the fields of its hash (a flat `[name, value, …]` list, as `HGETALL` answers), or
 * undefined for a missing one. Only the record's own fields are read back, each checked.
 */
export function fieldsToRequest(reply: unknown): { record: DiiaIdRecord; fingerprint?: string } | undefined {
  if (!Array.isArray(reply)) throw damaged('a stored Diia ID request is not a hash');
  if (reply.length === 0) return undefined;
  if (reply[0] === '!damaged') throw damaged(`a stored Diia ID request is damaged: ${String(reply[1])}`);
  const fields = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) {
    if (typeof reply[i] !== 'string' || typeof reply[i + 1] !== 'string')
      throw damaged('a stored Diia ID request is not a hash of strings');
    fields.set(reply[i], reply[i + 1]);
  }
  const json = fields.get('json');
  const state = fields.get('state') as DiiaIdState | undefined;
  const updatedAt = integer(fields.get('updatedAt'));
  const expiresAt = integer(fields.get('expiresAt'));
  if (json === undefined || state === undefined || !STATES.includes(state))
    throw damaged('a stored Diia ID request is incomplete');
  if (updatedAt === undefined || expiresAt === undefined)
    throw damaged('a stored Diia ID request has a bad time');
  const fixed = decodeValue(json, 'Diia ID request');
  if (!isJsonObject(fixed)) throw damaged('a stored Diia ID request is not an object');
  const record = requestOf(fixed, state, updatedAt);
  if (record.expiresAt !== expiresAt) throw damaged('a stored Diia ID request has two expiry times');
  const fingerprint = fields.get('fingerprint');
  if (state === 'delivered' && fingerprint === undefined)
    throw damaged('a stored Diia ID request is delivered without a fingerprint');
  return fingerprint === undefined ? { record } : { record, fingerprint };
}

function requestOf(value: Record<string, unknown>, state: DiiaIdState, updatedAt: number): DiiaIdRecord {
  const text = (name: string): string => {
    const field = value[name];
    if (typeof field !== 'string') throw damaged(`a stored Diia ID request has no ${name}`);
    return field;
  };
  const time = (name: string): number => {
    const field = value[name];
    if (typeof field !== 'number' || !Number.isSafeInteger(field))
      throw damaged(`a stored Diia ID request has a bad ${name}`);
    return field;
  };
  const flow = text('flow');
  if (flow !== 'hashedFilesSigning' && flow !== 'auth')
    throw damaged('a stored Diia ID request has a bad flow');
  const signAlgo = text('signAlgo');
  if (signAlgo !== 'DSTU' && signAlgo !== 'ECDSA')
    throw damaged('a stored Diia ID request has a bad signAlgo');
  const digestAlgorithm = text('digestAlgorithm');
  if (!isDigestAlgorithm(digestAlgorithm))
    throw damaged('a stored Diia ID request has a bad digestAlgorithm');
  const files = value.files;
  if (!Array.isArray(files)) throw damaged('a stored Diia ID request has no files');
  return {
    id: text('id'),
    flow,
    requestId: text('requestId'),
    branchId: text('branchId'),
    offerId: text('offerId'),
    deeplink: text('deeplink'),
    signAlgo,
    digestAlgorithm,
    files: files.map((file: unknown) => {
      if (!isJsonObject(file) || typeof file.name !== 'string' || !(file.digest instanceof Uint8Array))
        throw damaged('a stored Diia ID request has a bad file');
      return { name: file.name, digest: file.digest };
    }),
    state,
    createdAt: time('createdAt'),
    expiresAt: time('expiresAt'),
    updatedAt,
  };
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d{1,16}$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** A result as stored: `{"v":1,"result":…}`; `STORE_UNAVAILABLE` if it would not read back or is too large. */
export function encodeResult(result: DiiaIdResult): string {
  const text = encodeValue({ v: LAYOUT, result }, 'a Diia ID result');
  if (Buffer.byteLength(text) > MAX_RESULT_BYTES)
    throw new AcceptError('STORE_UNAVAILABLE', { detail: 'a Diia ID result is too large to store' });
  return text;
}

/** The result back, its shape checked (the fields the SDK reads); everything else as it was stored. */
export function decodeResult(text: string): DiiaIdResult {
  const stored = decodeValue(text, 'Diia ID result');
  if (!isJsonObject(stored) || stored.v !== LAYOUT || !isJsonObject(stored.result))
    throw damaged('a stored Diia ID result has an unknown layout');
  const result = stored.result;
  const bad = (why: string) => damaged(`a stored Diia ID result ${why}`);
  if (typeof result.requestId !== 'string' || !isTime(result.receivedAt))
    throw bad('has no request id or time');
  if (result.flow === 'hashedFilesSigning') {
    if (!Array.isArray(result.files)) throw bad('has no files');
    for (const file of result.files as unknown[]) {
      if (
        !isJsonObject(file) ||
        typeof file.name !== 'string' ||
        !(file.digest instanceof Uint8Array) ||
        !isDigestAlgorithm(file.digestAlgorithm) ||
        !(file.signature instanceof Uint8Array) ||
        !isVerification(file.verification)
      )
        throw bad('has a bad file');
    }
  } else if (result.flow === 'auth') {
    const person = result.person;
    if (
      typeof result.hashedRequestId !== 'string' ||
      !isJsonObject(person) ||
      typeof person.fullName !== 'string' ||
      !(result.signature instanceof Uint8Array) ||
      !(result.certificate instanceof Uint8Array) ||
      !isVerification(result.verification) ||
      (result.signedAt !== undefined && !isTime(result.signedAt))
    )
      throw bad('is not a login result');
  } else throw bad('has an unknown flow');
  return result as unknown as DiiaIdResult;
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function isVerification(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    typeof value.level === 'string' &&
    isJsonObject(value.signer) &&
    typeof value.signer.fullName === 'string' &&
    value.certificate instanceof Uint8Array &&
    Array.isArray(value.checks) &&
    value.checks.every((check) => typeof check === 'string') &&
    (value.chain === undefined ||
      (Array.isArray(value.chain) && value.chain.every((c) => c instanceof Uint8Array)))
  );
}
