// verifyCadesDstu on signatures made by another implementation: the SignedData inside the official
// samples, written by IIT's library with the IIT test user's key (the same library family the platform's
// signer uses). As delivered (content attached) and made detached here by dropping eContent, which leaves
// the signature over the signed attributes intact: the shape a Diia ID signature over a file hash has.
import { describe, expect, it } from 'vitest';
import { children, type Der, readDer, TAG } from '../../../../src/der.js';
import { seq, tlv } from '../../../../src/der-write.js';
import { loadDstuKeys } from '../../../../src/profiles/dstu/index.js';
import { resolveKeys } from '../../../../src/profiles/dstu/keys.js';
import { verifyCadesDstu } from '../../../../src/profiles/dstu/lib/cades.js';
import { parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import { openEnvelope } from '../../../../src/profiles/dstu/lib/enveloped.js';
import { gost34311 } from '../../../../src/profiles/dstu/lib/gost34311.js';
import { caStore } from '../../../../src/profiles/dstu/lib/trust.js';
import { decodeSealed } from '../../../../src/profiles/dstu/sealed-text.js';
import { signerIdentity } from '../../../../src/signatures/identity.js';
import { codeOfCall } from '../../../support/codes.js';
import { CERTS, fixture, KEY6, SAMPLES, TIMES } from './fixtures.js';

const key6 = resolveKeys(await loadDstuKeys(KEY6));
const partner = [fixture(CERTS.partnerSign), fixture(CERTS.partnerAgree)].map((d) => parseCertificate(d));
const trust = caStore([fixture(CERTS.bundle)]);
const signedDataOf = (sample: string) => openEnvelope(decodeSealed(fixture(sample)), key6, partner).content;
// The samples were signed on 2024-10-24 at 10:22:56 UTC (their signingTime attribute).
const SIGNED_AT = Date.parse('2024-10-24T10:22:56Z');

/** The SignedData with its eContent removed (encapContentInfo keeps only eContentType). */
function detach(der: Uint8Array): Uint8Array {
  const [type, wrapper] = children(readDer(der), TAG.SEQUENCE) as [Der, Der];
  const fields = children(children(wrapper, 0xa0)[0] as Der, TAG.SEQUENCE);
  const rebuilt = fields.map((f, i) => (i === 2 ? seq((children(f)[0] as Der).raw) : f.raw));
  return seq(type.raw, tlv(0xa0, seq(...rebuilt)));
}

describe('verifyCadesDstu: IIT-made signatures from the official samples', { timeout: 120_000 }, () => {
  for (const [name, sample, plain] of [
    ['JSON metadata', SAMPLES.json, SAMPLES.jsonPlain],
    ['PDF', SAMPLES.pdf, SAMPLES.pdfPlain],
  ] as const) {
    it(`${name}: attached, a CAdES-BES with signing time, content timestamp and signingCertificateV2`, () => {
      // Checked today, long after every certificate of the chain expired: valid when it signed.
      const result = verifyCadesDstu(signedDataOf(sample), {}, { trust, now: Date.parse(TIMES.allExpired) });
      expect(result.attached).toBe(true);
      expect(result.signingTime).toBe(SIGNED_AT);
      expect(result.checkedAtSource).toBe('signing-time');
      expect(result.contentTimestamp).toBe(SIGNED_AT + 1000);
      expect(result.signingCertificate).toBe('v2');
      expect(result.cades).toMatchObject({ level: 'BES', timestamps: [], unknown: [] });
      expect(result.chain).toHaveLength(2);
      expect(signerIdentity(result.signer).fullName).toBe('Тестовий Користувач 1');
    });

    it(`${name}: detached, against the file and against its digest; another file is refused`, () => {
      const detached = detach(signedDataOf(sample));
      const content = fixture(plain);
      const digest = gost34311(content);
      expect(verifyCadesDstu(detached, { content }, { trust }).attached).toBe(false);
      expect(verifyCadesDstu(detached, { digest }, { trust }).digest).toEqual(digest);
      const other = fixture(plain === SAMPLES.jsonPlain ? SAMPLES.pdfPlain : SAMPLES.jsonPlain);
      expect(codeOfCall(() => verifyCadesDstu(detached, { content: other }, { trust }))).toBe(
        'SIGNATURE_DIGEST_MISMATCH',
      );
      expect(codeOfCall(() => verifyCadesDstu(detached, {}, { trust }))).toBe('SIGNATURE_CONTENT_MISSING');
    });
  }
});
