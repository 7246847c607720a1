/**
 * The sandbox's own Diia ID certification authorities, one per algorithm, as the real platform has them
 * (a DSTU 4145 CA and an ECDSA P-256 CA of one trust service provider, facts in docs/sandbox.md): each with
 * a timestamp authority, the fictional citizen whose app signs, the same citizen's expired certificate, and
 * an impostor CA (same names, other keys) that no partner trusts. Names, numbers, serials and the DSTU keys
 * come from the seed; ECDSA keys come from WebCrypto. Built once per seed and day, then cached: DSTU key
 * generation in pure TypeScript is the slow part. Nothing here is a real person or a real CA.
 *
 * @module
 */

import { hex } from '../bytes.js';
import { readDer, TAG } from '../der.js';
import { encOctets, encOid, seq, setOf, tlv } from '../der-write.js';
import type { Signer } from '../profiles/dstu/lib/cades-write.js';
import { parseCertificate } from '../profiles/dstu/lib/certificate.js';
import type { PrivateKey } from '../profiles/dstu/lib/container.js';
import { NAMED_CURVE_OID } from '../profiles/dstu/lib/curves.js';
import { type DstuParams, readParams } from '../profiles/dstu/lib/dstu4145.js';
import { DKE_1 } from '../profiles/dstu/lib/gost28147.js';
import {
  extension,
  generateKey,
  type NameAttribute,
  writeCertificate,
  writeName,
} from '../profiles/dstu/lib/issue.js';
import { webRandom } from '../profiles/dstu/lib/seal.js';
import {
  createEcTestCa,
  type EcTestCa,
  type FictionalCitizen,
  fictionalCitizen,
  type IssuedTestCertificate,
  OID,
} from './citizen-ca.js';
import { sandboxRandom } from './random.js';

const DAY = 86_400_000;
const YEAR = 365 * DAY;

/** One algorithm's cast: the trusted CA, its TSA, the citizen (valid and expired), the impostor's citizen. */
export interface DstuCast {
  readonly ca: Uint8Array;
  readonly tsa: Signer;
  readonly citizen: Signer;
  readonly expired: Signer;
  readonly untrusted: Signer;
}

/** The ECDSA cast. */
export interface EcdsaCast {
  readonly ca: Uint8Array;
  readonly tsa: IssuedTestCertificate;
  readonly citizen: IssuedTestCertificate;
  readonly expired: IssuedTestCertificate;
  readonly untrusted: IssuedTestCertificate;
}

/** Everything the sandbox's Diia ID app signs with. */
export interface DiiaIdCast {
  readonly person: FictionalCitizen;
  readonly dstu: DstuCast;
  readonly ecdsa: EcdsaCast;
}

/** DSTU 4145 named curve No. 6 (257 bits) with the DKE No. 1 S-box: the domain of Ukrainian qualified keys. */
function dstuParams(): DstuParams {
  return readParams(readDer(seq(encOid(`${NAMED_CURVE_OID}.6`), encOctets(DKE_1))));
}

/** Seeded bytes (keys, key ids, serials of the test CA: reproducible, never secret). */
function seededBytes(seed: string): (length: number) => Uint8Array {
  const random = sandboxRandom(seed);
  return (length) => Uint8Array.from({ length }, () => random.below(256));
}

const serialOf = (bytes: Uint8Array): bigint => BigInt(`0x1${hex(bytes)}`);

interface DstuCa {
  readonly key: PrivateKey;
  readonly der: Uint8Array;
  readonly name: Uint8Array;
  readonly keyId: Uint8Array;
  issue(
    subject: readonly NameAttribute[],
    notBefore: number,
    notAfter: number,
    extensions: readonly Uint8Array[],
  ): Signer;
}

function dstuCa(seed: string, code: string, now: number): DstuCa {
  const bytes = seededBytes(seed);
  const params = dstuParams();
  const key = generateKey(params, bytes);
  const keyId = bytes(20);
  const name = writeName([
    [OID.o, 'Тестовий надавач довірчих послуг (пісочниця)'],
    [OID.cn, 'Тестовий ЦСК ДСТУ (пісочниця)'],
    [OID.serialNumber, `UA-${code}-2301`, TAG.PRINTABLE],
    [OID.c, 'UA', TAG.PRINTABLE],
    [OID.l, 'Київ'],
    [OID.organizationIdentifier, `NTRUA-${code}`],
  ]);
  const der = writeCertificate(
    {
      serial: serialOf(bytes(15)),
      issuer: name,
      subject: name,
      notBefore: now - YEAR,
      notAfter: now + 10 * YEAR,
      key,
      subjectKeyId: keyId,
      usage: 'ca',
    },
    key,
    webRandom,
  );
  return {
    key,
    der,
    name,
    keyId,
    issue(subject, notBefore, notAfter, extensions) {
      const subjectKey = generateKey(params, bytes);
      const cert = writeCertificate(
        {
          serial: serialOf(bytes(15)),
          issuer: name,
          subject: writeName(subject),
          notBefore,
          notAfter,
          key: subjectKey,
          subjectKeyId: bytes(20),
          authorityKeyId: keyId,
          usage: 'sign',
          extensions,
        },
        key,
        webRandom,
      );
      return { key: subjectKey, certificate: parseCertificate(cert) };
    },
  };
}

/** The subject of a natural person's qualified certificate (facts: CN, SN, GN, `TINUA-…`, C, L). */
function personName(person: FictionalCitizen): NameAttribute[] {
  return [
    [OID.cn, person.fullName],
    [OID.sn, person.surname],
    [OID.gn, person.givenName],
    [OID.serialNumber, `TINUA-${person.taxId}`, TAG.PRINTABLE],
    [OID.c, 'UA', TAG.PRINTABLE],
    [OID.l, person.locality],
  ];
}

/** DRFO in subjectDirectoryAttributes, qcStatements (QcCompliance + the Ukrainian mark), the UA policy. */
function personExtensions(person: FictionalCitizen): Uint8Array[] {
  const drfo = seq(seq(encOid(OID.drfo), setOf(tlv(TAG.PRINTABLE, new TextEncoder().encode(person.taxId)))));
  return [
    extension(OID.certificatePolicies, seq(seq(encOid(OID.uaPolicy)))),
    extension(OID.subjectDirectoryAttributes, drfo),
    extension(OID.qcStatements, seq(seq(encOid(OID.qcCompliance)), seq(encOid(OID.uaQualified)))),
  ];
}

function dstuCast(seed: string, person: FictionalCitizen, now: number): DstuCast {
  const code = String(10_000_000 + sandboxRandom(`${seed}/code`).below(90_000_000));
  const ca = dstuCa(`${seed}/dstu-ca`, code, now);
  const impostor = dstuCa(`${seed}/dstu-impostor`, code, now);
  const name = personName(person);
  const extensions = personExtensions(person);
  const tsa = ca.issue(
    [
      [OID.o, 'Тестовий надавач довірчих послуг (пісочниця)'],
      [OID.cn, 'Тестовий TSP-сервер ДСТУ (пісочниця)'],
      [OID.serialNumber, `UA-${code}-2312`, TAG.PRINTABLE],
      [OID.c, 'UA', TAG.PRINTABLE],
      [OID.organizationIdentifier, `NTRUA-${code}`],
    ],
    now - 30 * DAY,
    now + 5 * YEAR,
    [extension(OID.extKeyUsage, seq(encOid(OID.timeStamping)), true)],
  );
  return {
    ca: ca.der,
    tsa,
    citizen: ca.issue(name, now - 30 * DAY, now + 2 * YEAR, extensions),
    expired: ca.issue(name, now - 2 * YEAR, now - 30 * DAY, extensions),
    untrusted: impostor.issue(name, now - 30 * DAY, now + 2 * YEAR, extensions),
  };
}

async function ecdsaCast(seed: string, person: FictionalCitizen, now: number): Promise<EcdsaCast> {
  const ca: EcTestCa = await createEcTestCa({ seed: `${seed}/ecdsa-ca`, now });
  const impostor = await createEcTestCa({ seed: `${seed}/ecdsa-ca`, now });
  return {
    ca: ca.certificate.der,
    tsa: await ca.issueCitizen({ timestampAuthority: true }),
    citizen: await ca.issueCitizen({ citizen: person }),
    expired: await ca.issueCitizen({ citizen: person, notBefore: now - 2 * YEAR, notAfter: now - 30 * DAY }),
    untrusted: await impostor.issueCitizen({ citizen: person }),
  };
}

const cache = new Map<string, Promise<DiiaIdCast>>();
const CACHE_LIMIT = 16;

/**
 * The cast of a seed, valid around `now` (certificates from 30 days before it; cached per seed and day).
 *
 * @example
 * ```ts
 * const cast = await diiaIdCast('demo', Date.now());
 * cast.person.fullName; // a fictional Ukrainian name
 * ```
 */
export function diiaIdCast(seed: string, now: number): Promise<DiiaIdCast> {
  const day = Math.floor(now / DAY) * DAY;
  const key = `${seed}\u0000${day}`;
  let cast = cache.get(key);
  if (!cast) {
    const person = fictionalCitizen(`${seed}/citizen`);
    cast = (async () => ({
      person,
      dstu: dstuCast(seed, person, day),
      ecdsa: await ecdsaCast(seed, person, day),
    }))();
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(key, cast);
    cast.catch(() => cache.delete(key));
  }
  return cast;
}
