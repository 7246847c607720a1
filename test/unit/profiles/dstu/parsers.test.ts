import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAcceptError } from '../../../../src/errors.js';
import { openKeyContainer } from '../../../../src/profiles/dstu/lib/container.js';
import { openEnvelope } from '../../../../src/profiles/dstu/lib/enveloped.js';
import { verifySignedData } from '../../../../src/profiles/dstu/lib/signed.js';
import { caStore } from '../../../../src/profiles/dstu/lib/trust.js';
import { decodeSealed } from '../../../../src/profiles/dstu/sealed-text.js';
import { CERTS, fixture } from './fixtures.js';

/** Runs `fn` and fails unless it returns or throws an AcceptError. */
function onlyAcceptError(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isAcceptError(e)) throw e;
  }
}

// DER-shaped noise reaches deeper than uniform bytes: a SEQUENCE header with a plausible length.
const derish = fc
  .uint8Array({ maxLength: 400 })
  .map((body) => Uint8Array.from([0x30, 0x82, body.length >> 8, body.length & 255, ...body]));
const input = fc.oneof(fc.uint8Array({ maxLength: 400 }), derish);

describe('dstu parsers on arbitrary input throw only AcceptError', () => {
  it('certificates and CA bundles', () => {
    fc.assert(fc.property(input, (bytes) => onlyAcceptError(() => caStore([bytes]))));
  });

  it('mutated real certificates', () => {
    const cert = fixture(CERTS.diiaSign);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cert.length - 1 }), fc.integer({ min: 0, max: 255 }), (i, v) => {
        const bad = cert.slice();
        bad[i] = v;
        onlyAcceptError(() => {
          const store = caStore([bad]);
          for (const list of store.byKeyId.values()) for (const c of list) c.key();
        });
      }),
      { numRuns: 150 },
    );
  });

  it('key containers', () => {
    fc.assert(fc.property(input, (bytes) => onlyAcceptError(() => openKeyContainer(bytes, 'x'))));
  });

  it('SignedData, EnvelopedData and the base64 wrapper', () => {
    fc.assert(
      fc.property(input, (bytes) => {
        onlyAcceptError(() => verifySignedData(bytes));
        onlyAcceptError(() => openEnvelope(bytes, [], []));
        onlyAcceptError(() => decodeSealed(bytes));
      }),
    );
  });

  it('base64 that is not DER is ENVELOPE_MALFORMED', () => {
    try {
      decodeSealed(new TextEncoder().encode('not base64!'));
      expect.unreachable();
    } catch (e) {
      expect(isAcceptError(e, 'ENVELOPE_MALFORMED')).toBe(true);
    }
  });
});
