/**
 * A test certification authority for ECDSA (P-256/P-384) Diia ID signatures: a root CA, citizens'
 * qualified-looking certificates with Ukrainian subject fields (fictional people, tax numbers of the right
 * form), and CAdES-BES signatures over a file or its digest — everything written with the DER writer and
 * signed with WebCrypto. Names, numbers and serials come from the seed; keys are random. Nothing here is a
 * real person or a real CA. The sandbox's Diia ID app signs with it (diia-id-ca.ts).
 *
 * @module
 */

import { TAG } from '../der.js';
import { concat, encBits, encOctets, encOid, encTime, encUint, seq, setOf, tlv } from '../der-write.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { type SandboxRandom, sandboxRandom } from './random.js';

/** A curve a test key can be made on (P-521 only to be refused). */
export type TestCurve = 'P-256' | 'P-384' | 'P-521';
/** A digest for test signatures (SHA-1 only to be refused). */
export type TestHash = 'SHA-1' | 'SHA-256' | 'SHA-384';

/** The OIDs the sandbox's test CAs write (for both algorithms). */
export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWith: {
    'SHA-1': '1.2.840.10045.4.1',
    'SHA-256': '1.2.840.10045.4.3.2',
    'SHA-384': '1.2.840.10045.4.3.3',
  },
  digest: {
    'SHA-1': '1.3.14.3.2.26',
    'SHA-256': '2.16.840.1.101.3.4.2.1',
    'SHA-384': '2.16.840.1.101.3.4.2.2',
  },
  cn: '2.5.4.3',
  sn: '2.5.4.4',
  serialNumber: '2.5.4.5',
  c: '2.5.4.6',
  l: '2.5.4.7',
  o: '2.5.4.10',
  gn: '2.5.4.42',
  organizationIdentifier: '2.5.4.97',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  certificatePolicies: '2.5.29.32',
  authorityKeyId: '2.5.29.35',
  subjectDirectoryAttributes: '2.5.29.9',
  extKeyUsage: '2.5.29.37',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  qcStatements: '1.3.6.1.5.5.7.1.3',
  qcCompliance: '0.4.0.1862.1.1',
  uaQualified: '1.2.804.2.1.1.1.2.1',
  uaPolicy: '1.2.804.2.1.1.1.2.2',
  drfo: '1.2.804.2.1.1.1.11.1.4.1.1',
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

const utf8 = (s: string): Uint8Array => tlv(TAG.UTF8, new TextEncoder().encode(s));
const printable = (s: string): Uint8Array => tlv(TAG.PRINTABLE, new TextEncoder().encode(s));
const BOOLEAN_TRUE = Uint8Array.of(TAG.BOOLEAN, 1, 0xff);

/** A fictional citizen of the test CA. */
export interface FictionalCitizen {
  /** `Прізвище Ім'я По батькові`. */
  readonly fullName: string;
  readonly surname: string;
  /** Given name and patronymic, as X.520 givenName holds them in Ukrainian certificates. */
  readonly givenName: string;
  /** RNOKPP: ten digits, the first five the birth date, the ninth the sex, the tenth a check digit. */
  readonly taxId: string;
  /** `YYYY-MM-DD`. */
  readonly birthDate: string;
  readonly locality: string;
}

const SURNAMES = ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Мельник'];
const MEN = [
  ['Тарас', 'Григорович'],
  ['Андрій', 'Петрович'],
  ['Олег', 'Миколайович'],
] as const;
const WOMEN = [
  ['Оксана', 'Іванівна'],
  ['Марія', 'Степанівна'],
  ['Ірина', 'Олексіївна'],
] as const;
const LOCALITIES = ['Київ', 'Львів', 'Харків', 'Одеса', 'Дніпро'];

/**
 * The check digit of an RNOKPP from its first nine digits: the weights −1, 5, 7, 9, 4, 6, 10, 5, 7, the sum
 * modulo 11, then modulo 10 (the State Tax Service's rule).
 *
 * @example
 * ```ts
 * rnokppCheckDigit('301234567');
 * ```
 */
export function rnokppCheckDigit(first9: string): number {
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (weights[i] as number);
  return (((sum % 11) + 11) % 11) % 10;
}

/**
 * A fictional citizen from the seed: Ukrainian names, a birth date, a tax number of the right form (the
 * first five digits count days from 1899-12-31 to the birth date, the ninth is odd for a man and even for
 * a woman, the tenth is the check digit).
 *
 * @example
 * ```ts
 * fictionalCitizen('desk-1').taxId; // ten digits
 * ```
 */
export function fictionalCitizen(seed: string | SandboxRandom): FictionalCitizen {
  const random = typeof seed === 'string' ? sandboxRandom(seed) : seed;
  const surname = SURNAMES[random.below(SURNAMES.length)] as string;
  const man = random.below(2) === 0;
  const [first, patronymic] = (man ? MEN : WOMEN)[random.below(3)] as readonly [string, string];
  const born = Date.UTC(1950 + random.below(55), random.below(12), 1 + random.below(28));
  const days = Math.round((born - Date.UTC(1899, 11, 31)) / 86_400_000);
  const serial = String(random.below(1000)).padStart(3, '0');
  const sexDigit = 2 * random.below(5) + (man ? 1 : 0);
  const first9 = `${String(days).padStart(5, '0')}${serial}${sexDigit}`;
  return {
    fullName: `${surname} ${first} ${patronymic}`,
    surname,
    givenName: `${first} ${patronymic}`,
    taxId: `${first9}${rnokppCheckDigit(first9)}`,
    birthDate: new Date(born).toISOString().slice(0, 10),
    locality: LOCALITIES[random.below(LOCALITIES.length)] as string,
  };
}

/** A certificate the test CA issued, with its private key. */
export interface IssuedTestCertificate {
  readonly der: Uint8Array;
  readonly privateKey: CryptoKey;
  readonly curve: TestCurve | 'RSA';
  readonly serial: bigint;
  readonly subjectName: Uint8Array;
  readonly issuerName: Uint8Array;
  readonly subjectKeyId: Uint8Array;
  /** The citizen, for a citizen's certificate. */
  readonly citizen: FictionalCitizen | undefined;
}

/** What {@link EcTestCa.issueCitizen} may change (most of it only to make refusals). */
export interface IssueCitizenOptions {
  readonly citizen?: FictionalCitizen;
  readonly notBefore?: number;
  readonly notAfter?: number;
  /** The citizen's key: P-256 (default), P-384, or P-521 / RSA to be refused. */
  readonly key?: TestCurve | 'RSA';
  /** The CA's digest for this certificate (SHA-1 to be refused). Default: the CA's. */
  readonly hash?: TestHash;
  /** keyUsage bits, by name. Default digitalSignature and nonRepudiation. */
  readonly keyUsage?: readonly ('digitalSignature' | 'nonRepudiation' | 'keyAgreement' | 'keyCertSign')[];
  /** Makes it a CA certificate (an intermediate). */
  readonly ca?: boolean;
  /** Makes it a timestamp authority's certificate (the CA's organisation, extended key usage timeStamping). */
  readonly timestampAuthority?: boolean;
}

/** A test CA: its certificate and key, and what it issues. */
export interface EcTestCa {
  readonly certificate: IssuedTestCertificate;
  issueCitizen(options?: IssueCitizenOptions): Promise<IssuedTestCertificate>;
}

/** Options of {@link createEcTestCa}. */
export interface EcTestCaOptions {
  readonly seed?: string;
  /** The CA's common name. */
  readonly name?: string;
  readonly curve?: 'P-256' | 'P-384';
  readonly hash?: 'SHA-256' | 'SHA-384';
  /** The time the CA and its certificates are made at (default 2026-01-01T00:00:00Z). */
  readonly now?: number;
  readonly notBefore?: number;
  readonly notAfter?: number;
  /** A CA above this one: makes it an intermediate issued by `parent` instead of a self-signed root. */
  readonly parent?: EcTestCa;
}

const DAY = 86_400_000;

async function generate(key: TestCurve | 'RSA'): Promise<{ privateKey: CryptoKey; spki: Uint8Array }> {
  const pair = (
    key === 'RSA'
      ? await crypto.subtle.generateKey(
          {
            name: 'RSASSA-PKCS1-v1_5',
            modulusLength: 2048,
            publicExponent: Uint8Array.of(1, 0, 1),
            hash: 'SHA-256',
          },
          true,
          ['sign', 'verify'],
        )
      : await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: key }, true, ['sign', 'verify'])
  ) as CryptoKeyPair;
  return {
    privateKey: pair.privateKey,
    spki: new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey)),
  };
}

/** DER `ECDSA-Sig-Value` from WebCrypto's raw `r || s`. */
export function p1363ToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  const int = (bytes: Uint8Array): Uint8Array => {
    let at = 0;
    while (at < bytes.length - 1 && bytes[at] === 0) at++;
    const body = bytes.subarray(at);
    return tlv(TAG.INTEGER, (body[0] as number) & 0x80 ? concat(Uint8Array.of(0), body) : body);
  };
  return seq(int(raw.subarray(0, half)), int(raw.subarray(half)));
}

/** An ECDSA signature (DER) by `key` over `data`. */
export async function ecdsaSign(key: CryptoKey, hash: TestHash, data: Uint8Array): Promise<Uint8Array> {
  const raw = await crypto.subtle.sign({ name: 'ECDSA', hash }, key, data as Uint8Array<ArrayBuffer>);
  return p1363ToDer(new Uint8Array(raw));
}

async function keyId(spki: Uint8Array): Promise<Uint8Array> {
  // RFC 7093 section 2 method 1: the leftmost 160 bits of the SHA-256 of the key (no SHA-1 here).
  return new Uint8Array(await crypto.subtle.digest('SHA-256', spki as Uint8Array<ArrayBuffer>)).slice(0, 20);
}

function name(rdns: readonly (readonly [string, Uint8Array])[]): Uint8Array {
  return seq(...rdns.map(([type, value]) => setOf(seq(encOid(type), value))));
}

const ext = (id: string, critical: boolean, value: Uint8Array): Uint8Array =>
  critical ? seq(encOid(id), BOOLEAN_TRUE, encOctets(value)) : seq(encOid(id), encOctets(value));

function keyUsageBits(names: readonly string[]): Uint8Array {
  const order = [
    'digitalSignature',
    'nonRepudiation',
    'keyEncipherment',
    'dataEncipherment',
    'keyAgreement',
    'keyCertSign',
    'cRLSign',
  ];
  let bitsValue = 0;
  let highest = -1;
  for (const n of names) {
    const i = order.indexOf(n);
    bitsValue |= 0x80 >> i;
    highest = Math.max(highest, i);
  }
  // DER: trailing zero bits are left out of a named bit list (X.690 11.2.2); no bit at all is `03 01 00`.
  if (highest < 0) return tlv(TAG.BIT_STRING, Uint8Array.of(0));
  return tlv(TAG.BIT_STRING, Uint8Array.of(7 - highest, bitsValue));
}

function serialFrom(random: SandboxRandom): bigint {
  return BigInt(`0x${(1 + random.below(7)).toString(16)}${random.hex(31)}`);
}

interface TbsInput {
  readonly serial: bigint;
  readonly hash: TestHash;
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly spki: Uint8Array;
  readonly extensions: readonly Uint8Array[];
}

async function signCertificate(tbsInput: TbsInput, issuerKey: CryptoKey): Promise<Uint8Array> {
  const alg = seq(encOid(OID.ecdsaWith[tbsInput.hash]));
  const tbs = seq(
    tlv(0xa0, encUint(2)),
    encUint(tbsInput.serial),
    alg,
    tbsInput.issuer,
    seq(encTime(tbsInput.notBefore), encTime(tbsInput.notAfter)),
    tbsInput.subject,
    tbsInput.spki,
    tlv(0xa3, seq(...tbsInput.extensions)),
  );
  return seq(tbs, alg, encBits(await ecdsaSign(issuerKey, tbsInput.hash, tbs)));
}

/**
 * A test CA: a self-signed root (or, with `parent`, an intermediate), P-256 with SHA-256 by default, named
 * like a Ukrainian qualified trust service provider and marked as a test.
 *
 * @example
 * ```ts
 * const ca = await createEcTestCa({ seed: 'demo' });
 * const citizen = await ca.issueCitizen();
 * ```
 */
export async function createEcTestCa(options: EcTestCaOptions = {}): Promise<EcTestCa> {
  // A mistyped option must not quietly make a valid CA where a test wants a refusal.
  refuseUnknownOptions(
    options,
    optionKeys<EcTestCaOptions>({
      seed: true,
      name: true,
      curve: true,
      hash: true,
      now: true,
      notBefore: true,
      notAfter: true,
      parent: true,
    }),
    'createEcTestCa',
  );
  const random = sandboxRandom(options.seed ?? 'diia-accept test CA');
  const now = options.now ?? Date.UTC(2026, 0, 1);
  const curve = options.curve ?? 'P-256';
  const hash = options.hash ?? 'SHA-256';
  const code = String(10_000_000 + random.below(90_000_000));
  const subject = name([
    [OID.o, utf8('Тестовий надавач довірчих послуг (пісочниця)')],
    [OID.cn, utf8(options.name ?? 'Тестовий ЦСК ECDSA (пісочниця)')],
    [OID.serialNumber, printable(`UA-${code}-${1000 + random.below(9000)}`)],
    [OID.c, printable('UA')],
    [OID.l, utf8('Київ')],
    [OID.organizationIdentifier, utf8(`NTRUA-${code}`)],
  ]);
  const { privateKey, spki } = await generate(curve);
  const ski = await keyId(spki);
  const parent = options.parent?.certificate;
  const serial = serialFrom(random);
  const extensions = [
    ext(OID.subjectKeyId, false, encOctets(ski)),
    ...(parent ? [ext(OID.authorityKeyId, false, seq(tlv(0x80, parent.subjectKeyId)))] : []),
    ext(OID.basicConstraints, true, seq(BOOLEAN_TRUE)),
    ext(OID.keyUsage, true, keyUsageBits(['keyCertSign', 'cRLSign'])),
  ];
  const der = await signCertificate(
    {
      serial,
      hash,
      issuer: parent ? parent.subjectName : subject,
      subject,
      notBefore: options.notBefore ?? now - 365 * DAY,
      notAfter: options.notAfter ?? now + 10 * 365 * DAY,
      spki,
      extensions,
    },
    parent ? parent.privateKey : privateKey,
  );
  const certificate: IssuedTestCertificate = {
    der,
    privateKey,
    curve,
    serial,
    subjectName: subject,
    issuerName: parent ? parent.subjectName : subject,
    subjectKeyId: ski,
    citizen: undefined,
  };
  return {
    certificate,
    async issueCitizen(o: IssueCitizenOptions = {}): Promise<IssuedTestCertificate> {
      refuseUnknownOptions(
        o,
        optionKeys<IssueCitizenOptions>({
          citizen: true,
          notBefore: true,
          notAfter: true,
          key: true,
          hash: true,
          keyUsage: true,
          ca: true,
          timestampAuthority: true,
        }),
        'issueCitizen',
      );
      const citizen = o.citizen ?? fictionalCitizen(random);
      const keyKind = o.key ?? 'P-256';
      const key = await generate(keyKind);
      const citizenSki = await keyId(key.spki);
      const citizenSerial = serialFrom(random);
      // A timestamp authority's certificate, or a citizen's: one issuance, other names and extensions.
      const tsa = o.timestampAuthority === true;
      const subjectName = tsa
        ? name([
            [OID.o, utf8('Тестовий надавач довірчих послуг (пісочниця)')],
            [OID.cn, utf8('Тестовий TSP-сервер ECDSA (пісочниця)')],
            [OID.serialNumber, printable(`UA-${code}-${1000 + random.below(9000)}`)],
            [OID.c, printable('UA')],
            [OID.organizationIdentifier, utf8(`NTRUA-${code}`)],
          ])
        : name([
            [OID.cn, utf8(citizen.fullName)],
            [OID.sn, utf8(citizen.surname)],
            [OID.gn, utf8(citizen.givenName)],
            [OID.serialNumber, printable(`TINUA-${citizen.taxId}`)],
            [OID.c, printable('UA')],
            [OID.l, utf8(citizen.locality)],
          ]);
      const identifiers = [
        ext(OID.subjectKeyId, false, encOctets(citizenSki)),
        ext(OID.authorityKeyId, false, seq(tlv(0x80, ski))),
      ];
      const extensions = tsa
        ? [
            ...identifiers,
            ext(OID.keyUsage, true, keyUsageBits(['digitalSignature', 'nonRepudiation'])),
            ext(OID.extKeyUsage, true, seq(encOid(OID.timeStamping))),
          ]
        : [
            ...identifiers,
            ext(OID.keyUsage, true, keyUsageBits(o.keyUsage ?? ['digitalSignature', 'nonRepudiation'])),
            ext(OID.basicConstraints, true, o.ca ? seq(BOOLEAN_TRUE) : seq()),
            ext(OID.certificatePolicies, false, seq(seq(encOid(OID.uaPolicy)))),
            ext(
              OID.subjectDirectoryAttributes,
              false,
              seq(seq(encOid(OID.drfo), setOf(printable(citizen.taxId)))),
            ),
            ext(OID.qcStatements, false, seq(seq(encOid(OID.qcCompliance)), seq(encOid(OID.uaQualified)))),
          ];
      const der = await signCertificate(
        {
          serial: citizenSerial,
          hash: o.hash ?? hash,
          issuer: subject,
          subject: subjectName,
          notBefore: o.notBefore ?? now - 30 * DAY,
          notAfter: o.notAfter ?? now + (tsa ? 5 : 2) * 365 * DAY,
          spki: key.spki,
          extensions,
        },
        privateKey,
      );
      return {
        der,
        privateKey: key.privateKey,
        curve: keyKind,
        serial: citizenSerial,
        subjectName,
        issuerName: subject,
        subjectKeyId: citizenSki,
        citizen: tsa ? undefined : citizen,
      };
    },
  };
}

/** Options of {@link signCadesBes}. */
export interface CadesBesOptions {
  readonly signer: IssuedTestCertificate;
  /** The file; or give `digest` (a signature over a hash the partner computed). */
  readonly content?: Uint8Array;
  readonly digest?: Uint8Array;
  readonly hash?: TestHash;
  /** The signingTime attribute; undefined leaves it out. */
  readonly signingTime: number | undefined;
  /** Puts the content into the SignedData (default: detached). */
  readonly attached?: boolean;
  /** Certificates carried besides the signer's (intermediates). */
  readonly certificates?: readonly Uint8Array[];
  readonly signerIdentifier?: 'issuerAndSerialNumber' | 'subjectKeyIdentifier';
  /** ESS signingCertificateV2 (default true); a certificate here names that one instead of the signer's. */
  readonly signingCertificateV2?: boolean | Uint8Array;
  /** Overrides of the OIDs written, to make refusals (an RSA or SHA-1 algorithm). */
  readonly digestAlgorithmOid?: string;
  readonly signatureAlgorithmOid?: string;
  /** eContentType and the contentType attribute (id-data by default; id-ct-TSTInfo for a timestamp token). */
  readonly contentType?: string;
  /** More signed attributes (whole Attribute DER), e.g. a content timestamp. */
  readonly signedAttributes?: readonly Uint8Array[];
  /** Unsigned attributes (whole Attribute DER), given the signature value once it exists (CAdES-T and up). */
  readonly unsignedAttributes?: (
    signatureValue: Uint8Array,
  ) => readonly Uint8Array[] | Promise<readonly Uint8Array[]>;
}

/**
 * A CAdES-BES SignedData: contentType, signingTime, messageDigest and ESS signingCertificateV2 signed, the
 * signer's certificate carried, detached by default.
 *
 * @example
 * ```ts
 * const p7s = await signCadesBes({ signer: citizen, content: file, signingTime: Date.now() });
 * ```
 */
export async function signCadesBes(options: CadesBesOptions): Promise<Uint8Array> {
  refuseUnknownOptions(
    options,
    optionKeys<CadesBesOptions>({
      signer: true,
      content: true,
      digest: true,
      hash: true,
      signingTime: true,
      attached: true,
      certificates: true,
      signerIdentifier: true,
      signingCertificateV2: true,
      digestAlgorithmOid: true,
      signatureAlgorithmOid: true,
      contentType: true,
      signedAttributes: true,
      unsignedAttributes: true,
    }),
    'signCadesBes',
  );
  const hash = options.hash ?? 'SHA-256';
  const { signer } = options;
  const data = options.content;
  const messageDigest =
    options.digest ??
    new Uint8Array(await crypto.subtle.digest(hash, (data ?? new Uint8Array()) as Uint8Array<ArrayBuffer>));
  const digestAlg = seq(encOid(options.digestAlgorithmOid ?? OID.digest[hash]));
  const contentType = options.contentType ?? OID.data;
  const attrs: Uint8Array[] = [
    seq(encOid(OID.contentType), setOf(encOid(contentType))),
    seq(encOid(OID.messageDigest), setOf(encOctets(messageDigest))),
  ];
  if (options.signingTime !== undefined)
    attrs.push(seq(encOid(OID.signingTime), setOf(encTime(options.signingTime))));
  const named = options.signingCertificateV2 ?? true;
  if (named !== false) {
    const cert = named === true ? signer.der : named;
    const certHash = new Uint8Array(await crypto.subtle.digest('SHA-256', cert as Uint8Array<ArrayBuffer>));
    const issuerSerial = seq(seq(tlv(0xa4, signer.issuerName)), encUint(signer.serial));
    attrs.push(
      seq(encOid(OID.signingCertificateV2), setOf(seq(seq(seq(encOctets(certHash), issuerSerial))))),
    );
  }
  attrs.push(...(options.signedAttributes ?? []));
  const signedSet = setOf(...attrs);
  const sigHash: TestHash = hash;
  const signature = await ecdsaSign(signer.privateKey, sigHash, signedSet);
  const signedAttrs = concat(Uint8Array.of(0xa0), signedSet.subarray(1));
  const unsigned = (await options.unsignedAttributes?.(signature)) ?? [];
  const bySki = options.signerIdentifier === 'subjectKeyIdentifier';
  const sid = bySki ? tlv(0x80, signer.subjectKeyId) : seq(signer.issuerName, encUint(signer.serial));
  const signerInfo = seq(
    encUint(bySki ? 3 : 1),
    sid,
    digestAlg,
    signedAttrs,
    seq(encOid(options.signatureAlgorithmOid ?? OID.ecdsaWith[sigHash])),
    encOctets(signature),
    ...(unsigned.length > 0 ? [tlv(0xa1, ...unsigned)] : []),
  );
  const encap =
    options.attached && data
      ? seq(encOid(contentType), tlv(0xa0, encOctets(data)))
      : seq(encOid(contentType));
  const signedData = seq(
    encUint(bySki ? 3 : 1),
    setOf(digestAlg),
    encap,
    tlv(0xa0, signer.der, ...(options.certificates ?? [])),
    setOf(signerInfo),
  );
  return seq(encOid(OID.signedData), tlv(0xa0, signedData));
}
