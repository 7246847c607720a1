// A test certification authority of our own, on the domain of the platform's test key (DSTU 4145, 257
// bits, DKE No. 1): a self-signed root and end-entity certificates with any subject, validity and
// extensions, to test what the official fixtures do not hold (expired certificates, DRFO, EDRPOU,
// qcStatements, passport numbers).

import { TAG } from '../../../../src/der.js';
import { encOid, seq, setOf, tlv } from '../../../../src/der-write.js';
import type { Signer } from '../../../../src/profiles/dstu/lib/cades-write.js';
import { type Certificate, parseCertificate } from '../../../../src/profiles/dstu/lib/certificate.js';
import type { PrivateKey } from '../../../../src/profiles/dstu/lib/container.js';
import {
  extension,
  generateKey,
  type NameAttribute,
  writeCertificate,
  writeName,
} from '../../../../src/profiles/dstu/lib/issue.js';
import { webRandom } from '../../../../src/profiles/dstu/lib/seal.js';
import { type CaStore, caStore } from '../../../../src/profiles/dstu/lib/trust.js';

const YEAR = 365 * 24 * 3600 * 1000;
let serial = 0x1000n;

/** A test CA: its key, certificate and a store holding only it. */
export interface TestCa {
  readonly key: PrivateKey;
  readonly certificate: Certificate;
  readonly store: CaStore;
  /** Issues an end-entity signing certificate and returns its key with it. */
  issue(options: IssueOptions): Signer;
}

export interface IssueOptions {
  readonly subject: readonly NameAttribute[];
  readonly notBefore?: number;
  readonly notAfter?: number;
  readonly extensions?: readonly Uint8Array[];
  readonly usage?: 'sign' | 'agree';
}

const keyId = (): Uint8Array => webRandom(20);

/** A CA named `name`, valid 2020–2040, on the domain of `like`. */
export function testCa(like: PrivateKey, name = 'Тестовий ЦСК'): TestCa {
  const key = generateKey(like.params, webRandom);
  const ski = keyId();
  const caName = writeName([
    ['2.5.4.10', 'Тестова організація'],
    ['2.5.4.3', name],
    ['2.5.4.5', 'UA-00000000-0001', TAG.PRINTABLE],
    ['2.5.4.6', 'UA', TAG.PRINTABLE],
  ]);
  const der = writeCertificate(
    {
      serial: serial++,
      issuer: caName,
      subject: caName,
      notBefore: Date.parse('2020-01-01T00:00:00Z'),
      notAfter: Date.parse('2040-01-01T00:00:00Z'),
      key,
      subjectKeyId: ski,
      usage: 'ca',
    },
    key,
    webRandom,
  );
  const certificate = parseCertificate(der);
  return {
    key,
    certificate,
    store: caStore([der]),
    issue(options) {
      const subjectKey = generateKey(like.params, webRandom);
      const notBefore = options.notBefore ?? Date.parse('2024-01-01T00:00:00Z');
      const cert = writeCertificate(
        {
          serial: serial++,
          issuer: caName,
          subject: writeName(options.subject),
          notBefore,
          notAfter: options.notAfter ?? notBefore + 2 * YEAR,
          key: subjectKey,
          subjectKeyId: keyId(),
          authorityKeyId: ski,
          usage: options.usage ?? 'sign',
          ...(options.extensions ? { extensions: options.extensions } : {}),
        },
        key,
        webRandom,
      );
      return { key: subjectKey, certificate: parseCertificate(cert) };
    },
  };
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** subjectDirectoryAttributes (2.5.29.9) with the given attributes as PrintableString values. */
export const directoryAttributes = (attrs: readonly (readonly [string, string])[]): Uint8Array =>
  extension(
    '2.5.29.9',
    seq(...attrs.map(([type, value]) => seq(encOid(type), setOf(tlv(TAG.PRINTABLE, utf8(value)))))),
  );

/** qcStatements (1.3.6.1.5.5.7.1.3): each statement an OID with an optional statementInfo. */
export const qcStatements = (statements: readonly (readonly [string, Uint8Array?])[]): Uint8Array =>
  extension(
    '1.3.6.1.5.5.7.1.3',
    seq(...statements.map(([id, info]) => seq(encOid(id), ...(info ? [info] : [])))),
  );

export const DRFO = '1.2.804.2.1.1.1.11.1.4.1.1';
export const EDRPOU = '1.2.804.2.1.1.1.11.1.4.2.1';
export const UNZR = '1.2.804.2.1.1.1.11.1.4.11.1';

/**
 * A fictional citizen as a Ukrainian qualified certificate names a person: the subject (CN, SN, GN, the tax
 * number as `TINUA-`, C) and the DRFO attribute, for `TestCa.issue`.
 */
export const CITIZEN = Object.freeze({ fullName: 'Ковальчук Олена Петрівна', taxId: '3012345670' });
export const citizenSubject: readonly NameAttribute[] = [
  ['2.5.4.3', CITIZEN.fullName],
  ['2.5.4.4', 'Ковальчук'],
  ['2.5.4.42', 'Олена Петрівна'],
  ['2.5.4.5', `TINUA-${CITIZEN.taxId}`],
  ['2.5.4.6', 'UA'],
];
export const citizenExtensions: readonly Uint8Array[] = [directoryAttributes([[DRFO, CITIZEN.taxId]])];
