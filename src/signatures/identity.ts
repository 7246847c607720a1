/**
 * Who a Ukrainian certificate names: the person's full name, tax number (RNOKPP, the DRFO registration
 * number) or the passport number that stands in for it, the organisation's EDRPOU code, and the
 * qualified-certificate marks. Read from the subject (RFC 5280 section 4.1.2.6; the semantics identifiers
 * of ETSI EN 319 412-1 section 5.1.3-5.1.4: `TINUA-…`, `PASUA-…`, `IDCUA-…`, `NTRUA-…`), the
 * subjectDirectoryAttributes extension (2.5.29.9) with the Ukrainian registry attributes (order 1236/5/453
 * of 20.08.2012, "Вимоги до формату сертифіката": 1.2.804.2.1.1.1.11.1.4.x.1) and qcStatements
 * (RFC 3739 section 3.2.6, ETSI EN 319 412-5 section 4.2).
 *
 * Nothing here refuses a signature: a number of an unexpected form is returned as it is with what is wrong
 * with it. Parsing is bounded by the DER reader's limits and the counts below.
 *
 * @module
 */
import {
  children,
  type Der,
  DerError,
  DerLimitError,
  octets,
  oid,
  parseAs,
  readDer,
  TAG,
  text,
} from '../der.js';
import { NAME_ATTRIBUTES } from './names.js';

/**
 * What the identity is read from: a parsed certificate of either reader (the DSTU profile's or
 * {@link parseEcCertificate}), which both keep the subject's DER, the DER of `tbsCertificate` and the
 * registry attributes of subjectDirectoryAttributes.
 */
export interface IdentitySource {
  readonly subjectRaw: Uint8Array;
  readonly tbs: Uint8Array;
  readonly drfo: string | undefined;
  readonly edrpou: string | undefined;
  readonly unzr: string | undefined;
}

/**
 * Where an identifier was read.
 *
 * @example
 * ```ts
 * const fromRegistry = (source: IdentifierSource) => source.endsWith('-attribute');
 * ```
 */
export type IdentifierSource =
  | 'drfo-attribute'
  | 'edrpou-attribute'
  | 'unzr-attribute'
  | 'subject-serial-number'
  | 'organization-identifier';

/**
 * A registry number found in the certificate.
 *
 * @example
 * ```ts
 * const rnokpp = (id: Identifier | undefined) => (id?.kind === 'rnokpp' ? id.value : undefined);
 * ```
 */
export interface Identifier {
  /**
   * `rnokpp`: a 10-digit tax number; `passport`: a passport series and number or an ID-card number, which
   * people without an RNOKPP (on religious grounds) use instead of it; `edrpou`: an organisation's code;
   * `unzr`: the demographic register record number; `other`: a value of none of these forms.
   */
  readonly kind: 'rnokpp' | 'passport' | 'edrpou' | 'unzr' | 'other';
  readonly value: string;
  readonly source: IdentifierSource;
  /** For `rnokpp`: whether its check digit holds (the published weights -1, 5, 7, 9, 4, 6, 10, 5, 7); advisory only. */
  readonly checkDigitValid?: boolean;
}

/**
 * The qualified-certificate marks of the qcStatements extension.
 *
 * @example
 * ```ts
 * const qualified = (marks: QualifiedMarks | undefined) => marks?.ukrainianQualified || marks?.compliance;
 * ```
 */
export interface QualifiedMarks {
  /** QcCompliance, 0.4.0.1862.1.1: an EU-style qualified certificate. */
  readonly compliance: boolean;
  /** QcSSCD, 0.4.0.1862.1.4: the private key is in a qualified signature creation device. */
  readonly sscd: boolean;
  /** QcType, 0.4.0.1862.1.6: `esign` (.1), `eseal` (.2), `web` (.3), else the OID. */
  readonly types: readonly string[];
  /** 1.2.804.2.1.1.1.2.1: the Ukrainian statement that the certificate is qualified. */
  readonly ukrainianQualified: boolean;
  /** Every statement OID, in order. */
  readonly statements: readonly string[];
}

/**
 * Who signed, as read from the signer's certificate. Personal data: keep it out of logs.
 *
 * @example
 * ```ts
 * const { fullName, taxId }: SignerIdentity = result.signer.identity!;
 * ```
 */
export interface SignerIdentity {
  /** CN, else SN and GN joined. */
  readonly fullName: string | undefined;
  readonly commonName: string | undefined;
  /** SN, 2.5.4.4. */
  readonly surname: string | undefined;
  /** GN, 2.5.4.42: in Ukrainian certificates the first name and the patronymic. */
  readonly givenName: string | undefined;
  /** The tax number (RNOKPP), or the passport number standing in for it; see {@link Identifier}. */
  readonly taxId: Identifier | undefined;
  /** An organisation's EDRPOU code. */
  readonly edrpou: Identifier | undefined;
  /** УНЗР, when the certificate carries it. */
  readonly unzr: string | undefined;
  /** Every identifier found, in the order read (attributes first), including conflicting ones. */
  readonly identifiers: readonly Identifier[];
  readonly organization: string | undefined;
  readonly organizationalUnit: string | undefined;
  readonly title: string | undefined;
  readonly country: string | undefined;
  readonly locality: string | undefined;
  /** The subject's serialNumber as written (often a CA's own number, not a registry one). */
  readonly subjectSerialNumber: string | undefined;
  /** Undefined when the certificate has no qcStatements. */
  readonly qualified: QualifiedMarks | undefined;
  /** The extended key usage 1.2.804.2.1.1.1.3.9 marks an electronic seal (a stamp), not a person. */
  readonly seal: boolean;
  /** Extensions present but unreadable (their OIDs); the rest of the result still holds. */
  readonly unreadable: readonly string[];
}

const QC = {
  compliance: '0.4.0.1862.1.1',
  sscd: '0.4.0.1862.1.4',
  type: '0.4.0.1862.1.6',
  ukrainian: '1.2.804.2.1.1.1.2.1',
} as const;
const QC_TYPES: Record<string, string> = {
  '0.4.0.1862.1.6.1': 'esign',
  '0.4.0.1862.1.6.2': 'eseal',
  '0.4.0.1862.1.6.3': 'web',
};
const SEAL_EKU = '1.2.804.2.1.1.1.3.9';
/** Items read at most in one extension (statements, attributes, key purposes). */
const MAX_ITEMS = 64;

/**
 * The RNOKPP check digit: the first nine digits weighted −1, 5, 7, 9, 4, 6, 10, 5, 7, the sum taken
 * modulo 11 and then modulo 10 must equal the tenth digit. The rule is published by third parties (the
 * Ukrainian Wikipedia article "Контрольне число", section "Номери РНОКПП"), not by the tax service, so a
 * failure is reported, never refused.
 */
export function rnokppCheckDigitValid(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const weights = [-1, 5, 7, 9, 4, 6, 10, 5, 7];
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(value[i]) * (weights[i] as number);
  return (((sum % 11) + 11) % 11) % 10 === Number(value[9]);
}

/** The kind of a personal number: 10 digits, or a passport / ID-card number. */
function personal(value: string, source: IdentifierSource): Identifier {
  const v = value.trim();
  if (/^\d{10}$/.test(v))
    return { kind: 'rnokpp', value: v, source, checkDigitValid: rnokppCheckDigitValid(v) };
  // Booklet passport: two Cyrillic capitals and six digits; ID card: nine digits.
  if (/^[А-ЯҐЄІЇ]{2}\d{6}$/u.test(v) || /^\d{9}$/.test(v)) return { kind: 'passport', value: v, source };
  return { kind: 'other', value: v, source };
}

/** The identifiers an EN 319 412-1 semantics identifier in the subject serialNumber names. */
function fromSerialNumber(serial: string): Identifier | undefined {
  const m = /^(TIN|PAS|IDC|PNO)UA-(.+)$/.exec(serial.trim());
  if (m) {
    const found = personal(m[2] as string, 'subject-serial-number');
    if (m[1] === 'TIN') return found.kind === 'rnokpp' ? found : { ...found, kind: 'other' };
    if (m[1] === 'PNO') return { kind: 'unzr', value: m[2] as string, source: 'subject-serial-number' };
    return { kind: 'passport', value: m[2] as string, source: 'subject-serial-number' };
  }
  // Bare ten digits may be a tax number; CAs also write their own shorter numbers here, which are not.
  if (/^\d{10}$/.test(serial.trim())) return personal(serial, 'subject-serial-number');
  return undefined;
}

/** The subject's attributes by short name (CN, SN, GN, O, …; others by OID), the first of each. */
function subjectAttributes(subjectRaw: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  for (const rdn of children(readDer(subjectRaw), TAG.SEQUENCE)) {
    for (const atv of children(rdn, TAG.SET)) {
      const [type, value] = children(atv, TAG.SEQUENCE);
      const oidText = oid(type);
      const id = NAME_ATTRIBUTES[oidText] ?? oidText;
      if (out.has(id)) continue; // the first of a repeated attribute
      try {
        out.set(id, text(value));
      } catch (error) {
        if (error instanceof DerLimitError) throw error;
      }
    }
  }
  return out;
}

/** The extensions of a certificate: OID → extnValue (the first of a repeated OID). */
function extensionsOf(tbs: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const ext = children(readDer(tbs), TAG.SEQUENCE).find((d) => d.tag === 0xa3);
  if (!ext) return out;
  for (const e of children(children(ext)[0] as Der, TAG.SEQUENCE)) {
    const parts = children(e, TAG.SEQUENCE);
    const id = oid(parts[0]);
    if (!out.has(id)) out.set(id, octets(parts[parts.length - 1]));
  }
  return out;
}

function bounded(items: Der[]): Der[] {
  if (items.length > MAX_ITEMS) throw new DerLimitError(`more than ${MAX_ITEMS} items in one extension`);
  return items;
}

function qcStatements(value: Uint8Array): QualifiedMarks {
  const statements: string[] = [];
  const types: string[] = [];
  for (const statement of bounded(children(readDer(value), TAG.SEQUENCE))) {
    const [id, info] = children(statement, TAG.SEQUENCE);
    const statementId = oid(id);
    statements.push(statementId);
    if (statementId === QC.type && info) {
      for (const t of bounded(children(info, TAG.SEQUENCE))) {
        const typeId = oid(t);
        types.push(QC_TYPES[typeId] ?? typeId);
      }
    }
  }
  return {
    compliance: statements.includes(QC.compliance),
    sscd: statements.includes(QC.sscd),
    types,
    ukrainianQualified: statements.includes(QC.ukrainian),
    statements,
  };
}

function keyPurposes(value: Uint8Array): string[] {
  return bounded(children(readDer(value), TAG.SEQUENCE)).map((d) => oid(d));
}

/**
 * Reads an extension, recording it as unreadable when malformed; a breached limit is still refused
 * (`DER_LIMIT_EXCEEDED`): hostile input is not skipped silently.
 */
function tolerant<T>(
  id: string,
  value: Uint8Array | undefined,
  read: (v: Uint8Array) => T,
  unreadable: string[],
) {
  if (!value) return undefined;
  try {
    return read(value);
  } catch (error) {
    if (error instanceof DerLimitError) throw error;
    if (error instanceof DerError || error instanceof TypeError || error instanceof RangeError) {
      unreadable.push(id);
      return undefined;
    }
    throw error;
  }
}

/**
 * The signer's identity from a parsed certificate. Throws `CERTIFICATE_MALFORMED` only when the subject
 * or the extension list cannot be read at all, `DER_LIMIT_EXCEEDED` for an extension past the bounds;
 * a malformed single extension is listed in `unreadable`.
 *
 * Where sources disagree the registry attribute wins over the subject serialNumber (the attribute is what
 * Ukrainian CAs and IIT's and UAPKI's readers use); every value found stays in `identifiers`.
 */
export function signerIdentity(certificate: IdentitySource): SignerIdentity {
  return parseAs('CERTIFICATE_MALFORMED', () => {
    const subject = subjectAttributes(certificate.subjectRaw);
    const extensions = extensionsOf(certificate.tbs);
    const unreadable: string[] = [];
    const qualified = tolerant(
      '1.3.6.1.5.5.7.1.3',
      extensions.get('1.3.6.1.5.5.7.1.3'),
      qcStatements,
      unreadable,
    );
    const purposes = tolerant('2.5.29.37', extensions.get('2.5.29.37'), keyPurposes, unreadable) ?? [];
    // The registry attributes of subjectDirectoryAttributes are read by parseCertificate (one reader).
    const identifiers: Identifier[] = [];
    if (certificate.drfo !== undefined) identifiers.push(personal(certificate.drfo, 'drfo-attribute'));
    if (certificate.edrpou !== undefined) identifiers.push(edrpouOf(certificate.edrpou, 'edrpou-attribute'));
    if (certificate.unzr !== undefined)
      identifiers.push({ kind: 'unzr', value: certificate.unzr.trim(), source: 'unzr-attribute' });
    const serial = subject.get('serialNumber');
    const fromSerial = serial === undefined ? undefined : fromSerialNumber(serial);
    if (fromSerial) identifiers.push(fromSerial);
    const orgId = subject.get('organizationIdentifier');
    const ntr = orgId === undefined ? null : /^NTRUA-(.+)$/.exec(orgId.trim());
    if (ntr) identifiers.push(edrpouOf(ntr[1] as string, 'organization-identifier'));
    const taxId =
      identifiers.find((i) => i.kind === 'rnokpp' || i.kind === 'passport') ??
      identifiers.find((i) => i.source === 'drfo-attribute');
    const commonName = subject.get('CN');
    const surname = subject.get('SN');
    const givenName = subject.get('GN');
    const joined = [surname, givenName].filter((p) => p !== undefined && p !== '').join(' ');
    return {
      fullName: commonName ?? (joined === '' ? undefined : joined),
      commonName,
      surname,
      givenName,
      taxId,
      edrpou: identifiers.find((i) => i.kind === 'edrpou'),
      unzr: identifiers.find((i) => i.kind === 'unzr')?.value,
      identifiers,
      organization: subject.get('O'),
      organizationalUnit: subject.get('OU'),
      title: subject.get('title'),
      country: subject.get('C'),
      locality: subject.get('L'),
      subjectSerialNumber: serial,
      qualified,
      seal: purposes.includes(SEAL_EKU),
      unreadable,
    };
  });
}

function edrpouOf(value: string, source: IdentifierSource): Identifier {
  const v = value.trim();
  return { kind: /^\d{8}$/.test(v) ? 'edrpou' : 'other', value: v, source };
}
