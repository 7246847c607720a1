// The public surface of diia-accept/verify: exactly these values, and result types that force callers to
// handle the three states.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DocumentType } from '../../../src/documents.js';
import type { AcceptError, AcceptErrorCode } from '../../../src/errors.js';
import type {
  DocumentTokenResult,
  IdentifyResult,
  TrustStore,
  VerifiedCopy,
} from '../../../src/verify/index.js';
import * as verify from '../../../src/verify/index.js';

describe('diia-accept/verify', () => {
  it('exports exactly the public values, no internals', () => {
    expect(Object.keys(verify).sort()).toEqual([
      'DIGEST_MANIFEST_TYPE',
      'FILE_SIGNATURE_TYPE',
      'MAX_TOKEN_LIFETIME_S',
      'SIGNATURE_ALGORITHMS',
      'identify',
      'memoryReplayGuard',
      'pinnedKeys',
      'remoteJwks',
      'verifyDetached',
      'verifyDocumentToken',
    ]);
    expect(verify.SIGNATURE_ALGORITHMS).toEqual(['ES256', 'EdDSA', 'PS256']);
  });

  it('a token result must be narrowed before its fields are read', () => {
    const read = (r: DocumentTokenResult) => {
      // @ts-expect-error documentType exists only on the valid branch
      void r.documentType;
      if (r.status === 'valid') {
        expectTypeOf(r.documentType).toEqualTypeOf<DocumentType>();
        expectTypeOf(r.expiresAt).toEqualTypeOf<number>();
      } else {
        expectTypeOf(r.status).toEqualTypeOf<'invalid' | 'unknown'>();
        expectTypeOf(r.reason).toEqualTypeOf<AcceptErrorCode>();
        expectTypeOf(r.error).toEqualTypeOf<AcceptError>();
      }
    };
    expect(typeof read).toBe('function');
  });

  it('identify results and copies have the documented shapes', () => {
    expectTypeOf<IdentifyResult['status']>().toEqualTypeOf<'valid' | 'invalid' | 'unknown'>();
    expectTypeOf<IdentifyResult['method']>().toEqualTypeOf<'offline' | 'online'>();
    expectTypeOf<VerifiedCopy['form']>().toEqualTypeOf<'detached' | 'unencoded' | 'manifest'>();
    expectTypeOf(verify.verifyDocumentToken).parameter(1).toHaveProperty('trust').toEqualTypeOf<TrustStore>();
  });
});
