/** A stand-in profile for unit tests: "SEALED:<kid>:<sha256 of content>:" + content. Not cryptography. */

import { sha256Hex } from '../../../src/digest.js';
import { AcceptError } from '../../../src/errors.js';
import type { Opener } from '../../../src/profiles/port.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

export function fakeSeal(content: Uint8Array | string, kid = 'platform-1'): Uint8Array {
  const bytes = typeof content === 'string' ? enc.encode(content) : content;
  const head = enc.encode(`SEALED:${kid}:${sha256Hex(bytes)}:`);
  const out = new Uint8Array(head.byteLength + bytes.byteLength);
  out.set(head);
  out.set(bytes, head.byteLength);
  return out;
}

export function fakeOpener(trusted: readonly string[] = ['platform-1']): Opener & { opened: number } {
  const opener = {
    profile: 'fake',
    opened: 0,
    async open(sealed: Uint8Array) {
      const text = dec.decode(sealed.subarray(0, 100));
      const match = /^SEALED:([^:]+):([0-9a-f]{64}):/.exec(text);
      if (!match) throw new AcceptError('ENVELOPE_MALFORMED');
      const content = sealed.slice(enc.encode(match[0]).byteLength);
      if (sha256Hex(content) !== match[2]) throw new AcceptError('SIGNATURE_INVALID');
      if (!trusted.includes(match[1]!)) throw new AcceptError('SIGNATURE_SIGNER_UNTRUSTED');
      opener.opened++;
      return {
        content,
        signer: { keyId: match[1]! },
        signedAt: Date.parse('2026-03-01T10:00:30Z'),
        checks: ['decrypted', 'signature-valid', 'signer-trusted'] as const,
        sha256: match[2]!,
      };
    },
  };
  return opener;
}
