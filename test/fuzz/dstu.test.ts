// Fuzzing the dstu stack: the DER reader, certificates and CA bundles, CMS SignedData, EnvelopedData
// through dstuOpener (what the webhook runs), and PKCS#12 key containers. Inputs are real structures from
// the official samples with one element replaced by a generated or hostile one, plus byte-level mutations.
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { manualClock } from '../../src/clock.js';
import { bits, children, type Der, oid, parseAs, readDer, TAG, text, time, uint } from '../../src/der.js';
import { encOctets, encOid, encUint, seq, tlv } from '../../src/der-write.js';
import { dstuOpener, loadDstuKeys } from '../../src/profiles/dstu/index.js';
import { resolveKeys } from '../../src/profiles/dstu/keys.js';
import { certificatesOfBundle, parseCertificate } from '../../src/profiles/dstu/lib/certificate.js';
import { openKeyContainer } from '../../src/profiles/dstu/lib/container.js';
import { openEnvelope } from '../../src/profiles/dstu/lib/enveloped.js';
import { verifySignedData } from '../../src/profiles/dstu/lib/signed.js';
import { decodeSealed } from '../../src/profiles/dstu/sealed-text.js';
import { CERTS, fixture, KEY6, SAMPLES, TIMES } from '../unit/profiles/dstu/fixtures.js';
import { arbDerived, arbEdits, arbHostileNode, arbNode, encode, mutate } from './der-arbitraries.js';
import { fuzz, runs, summary } from './harness.js';

const key6 = await loadDstuKeys(KEY6);
const platformDer = [fixture(CERTS.partnerSign), fixture(CERTS.partnerAgree)];
const platform = platformDer.map((d) => parseCertificate(d));
const opener = dstuOpener({
  keys: key6,
  trust: { caBundle: fixture(CERTS.bundle), platformCertificates: platformDer },
  clock: manualClock(TIMES.partnerCertsValid),
});
const envelope = decodeSealed(fixture(SAMPLES.json));
const signedData = openEnvelope(envelope, resolveKeys(key6), platform).content;
const certificates = Object.values(CERTS)
  .filter((p) => !p.endsWith('.p7b'))
  .map((p) => fixture(p));
const size = (b: Uint8Array) => b.length;

/** Reads every element of a DER tree and every primitive as the type its tag says. */
function walk(der: Der): void {
  if (der.tag & 0x20) {
    for (const child of children(der)) walk(child);
    return;
  }
  const attempt = (read: () => unknown) => {
    try {
      read();
    } catch (error) {
      // A value of the wrong shape is fine here (walk reads blindly); anything but a DerError is not.
      if (!(error instanceof Error) || error.name !== 'Error' || !('message' in error)) throw error;
      if (error.constructor.name !== 'DerError' && error.constructor.name !== 'DerLimitError') throw error;
      if (error.constructor.name === 'DerLimitError') throw error;
    }
  };
  if (der.tag === TAG.INTEGER) attempt(() => uint(der));
  else if (der.tag === TAG.OID) attempt(() => oid(der));
  else if (der.tag === TAG.BIT_STRING) attempt(() => bits(der));
  else if (der.tag === TAG.UTC_TIME || der.tag === TAG.GENERALIZED_TIME) attempt(() => time(der));
  else if (der.tag === TAG.UTF8 || der.tag === TAG.PRINTABLE || der.tag === TAG.BMP)
    attempt(() => {
      try {
        text(der);
      } catch (error) {
        if (error instanceof TypeError) return; // not UTF-8: parseAs reports it as malformed
        throw error;
      }
    });
}

/** A PKCS#12 container of the shape Ukrainian CAs write, with 1 PBKDF2 iteration so fuzzing stays fast. */
function syntheticContainer(): Uint8Array {
  const pbes2 = seq(
    encOid('1.2.840.113549.1.5.13'),
    seq(
      seq(
        encOid('1.2.840.113549.1.5.12'),
        seq(encOctets(new Uint8Array(32).fill(7)), encUint(1), seq(encOid('1.2.804.2.1.1.1.1.1.2'))),
      ),
      seq(
        encOid('1.2.804.2.1.1.1.1.1.1.3'),
        seq(encOctets(new Uint8Array(8).fill(1)), encOctets(new Uint8Array(64).fill(0x35))),
      ),
    ),
  );
  const keyBag = seq(
    encOid('1.2.840.113549.1.12.10.1.2'),
    tlv(0xa0, seq(pbes2, encOctets(new Uint8Array(96).fill(0x42)))),
  );
  const certBag = seq(
    encOid('1.2.840.113549.1.12.10.1.3'),
    tlv(0xa0, seq(encOid('1.2.840.113549.1.9.22.1'), tlv(0xa0, encOctets(fixture(CERTS.partnerSign))))),
  );
  const data = seq(encOid('1.2.840.113549.1.7.1'), tlv(0xa0, encOctets(seq(keyBag, certBag))));
  const encrypted = seq(
    encOid('1.2.840.113549.1.7.6'),
    tlv(
      0xa0,
      seq(encUint(0), seq(encOid('1.2.840.113549.1.7.1'), pbes2, tlv(0x80, new Uint8Array(80).fill(9)))),
    ),
  );
  return seq(encUint(3), seq(encOid('1.2.840.113549.1.7.1'), tlv(0xa0, encOctets(seq(data, encrypted)))));
}

afterAll(() => {
  console.log(`fuzz (dstu):\n${summary()}`);
});

describe('fuzz: the dstu parsers throw only AcceptError, in bounded time and memory', {
  timeout: 600_000,
}, () => {
  it('DER reader: generated trees, hostile elements and mutations', async () => {
    const arb = fc.oneof(
      arbNode.map(encode),
      arbHostileNode.map(encode),
      fc.tuple(arbNode.map(encode), arbEdits).map(([b, e]) => mutate(b, e)),
      fc.uint8Array({ maxLength: 256 }),
    );
    await fuzz('DER', arb, (bytes) => parseAs('ENVELOPE_MALFORMED', () => walk(readDer(bytes))), {
      runs: runs(300),
      sizeOf: size,
    });
  });

  it('certificates: the fixtures with elements replaced or mutated', async () => {
    const arb = fc.oneof(...certificates.map((c) => arbDerived(c)));
    await fuzz(
      'certificate',
      arb,
      (bytes) =>
        parseAs('CERTIFICATE_MALFORMED', () => {
          const cert = parseCertificate(bytes);
          cert.key();
        }),
      { runs: runs(150), sizeOf: size },
    );
  });

  it('CA bundle (.p7b): the test bundle with elements replaced or mutated', async () => {
    await fuzz(
      'bundle',
      arbDerived(fixture(CERTS.bundle)),
      (bytes) =>
        parseAs('CERTIFICATE_MALFORMED', () =>
          certificatesOfBundle(bytes).map((c) => parseAs('CERTIFICATE_MALFORMED', () => parseCertificate(c))),
        ),
      { runs: runs(10), sizeOf: size },
    );
  });

  it('CMS SignedData: the sample with elements replaced or mutated', async () => {
    await fuzz(
      'SignedData',
      arbDerived(signedData),
      (bytes) => verifySignedData(bytes, { certificates: platform }),
      {
        runs: runs(60),
        sizeOf: size,
      },
    );
  });

  it('CMS EnvelopedData through dstuOpener: the sample with elements replaced or mutated', async () => {
    await fuzz('EnvelopedData (dstuOpener)', arbDerived(envelope), (bytes) => opener.open(bytes), {
      runs: runs(60),
      sizeOf: size,
    });
  });

  it('PKCS#12: a container of the real shape with elements replaced or mutated', async () => {
    // PBKDF2 work follows the iteration count, not the size: up to 100,000 iterations (MAX_PBKDF2_ITERATIONS)
    // is about 9 s, hence the larger fixed allowance.
    await fuzz('PKCS#12', arbDerived(syntheticContainer()), (bytes) => openKeyContainer(bytes, 'password'), {
      runs: runs(60),
      sizeOf: size,
      bounds: { baseMs: 30_000, msPerKiB: 20, baseHeap: 48 * 2 ** 20, heapPerByte: 24 },
    });
  });
});
