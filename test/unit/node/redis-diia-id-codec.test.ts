// The Redis Diia ID codec on its own: whatever a verifier can put in a result that JSON carries reads back
// deep-equal with every Uint8Array byte for byte (property), and any text in Redis, random or a mutation of
// a real record, either reads back or is STORE_UNAVAILABLE, never another error (fuzz).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../src/errors.js';
import {
  decodeResult,
  decodeValue,
  encodeRequest,
  encodeResult,
  encodeValue,
  fieldsToRequest,
} from '../../../src/node/redis-diia-id-codec.js';
import { diiaIdRecord, loginResult, signingResult } from '../../support/diia-id-store.contract.js';

// Plain values the codec must carry: no undefined in lists, finite numbers other than -0, depth kept small.
const key = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('$bytes', '$$x', '$', '__proto__', 'constructor'),
);
const leaf = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.uint8Array({ maxLength: 64 }),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 6 }, leaf, tie('list'), tie('object')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }).map((o) => {
    // fc.dictionary may set "__proto__" as a prototype; the codec sees own members only, as JSON does.
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o))
      Object.defineProperty(own, k, { value: v, enumerable: true, writable: true, configurable: true });
    return own;
  }),
}));

const onlyStoreErrors = (call: () => unknown) => {
  try {
    call();
  } catch (error) {
    if (!isAcceptError(error, 'STORE_UNAVAILABLE')) throw error;
  }
};

describe('Redis Diia ID codec', () => {
  it('any plain value with bytes round-trips deep-equal, bytes as Uint8Array', () => {
    fc.assert(
      fc.property(value, (v) => {
        const back = decodeValue(encodeValue(v, 'a value'), 'value');
        // toEqual, not toStrictEqual: the strict one compares `.constructor`, which a member of that name
        // (generated on purpose) replaces. No undefined is generated, so the loose match is exact here.
        expect(back).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('results of both flows round-trip deep-equal', () => {
    const r = diiaIdRecord();
    for (const result of [signingResult(r), loginResult(r)]) {
      expect(decodeResult(encodeResult(result))).toStrictEqual(result);
    }
  });

  it('random text, and random mutations of a stored record and result, read back or are STORE_UNAVAILABLE', () => {
    const r = diiaIdRecord();
    const request = encodeRequest(r);
    const result = encodeResult(signingResult(r));
    const mutate = (text: string) =>
      fc
        .tuple(fc.nat({ max: text.length - 1 }), fc.nat({ max: 8 }), fc.string({ maxLength: 8 }))
        .map(([at, cut, put]) => text.slice(0, at) + put + text.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), mutate(request)), (text) => {
        onlyStoreErrors(() =>
          fieldsToRequest([
            'json',
            text,
            'state',
            'pending',
            'updatedAt',
            String(r.updatedAt),
            'expiresAt',
            String(r.expiresAt),
          ]),
        );
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), mutate(result)), (text) => {
        onlyStoreErrors(() => decodeResult(text));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 12 }),
        (fields) => {
          onlyStoreErrors(() => fieldsToRequest(fields));
        },
      ),
      { numRuns: 300 },
    );
  });
});
