// The ECDSA test CA (src/sandbox/citizen-ca.ts) and the surgery the attack tests need on what it makes: a
// SignedData's SignerInfo rewritten field by field, an ECDSA-Sig-Value split and rebuilt with chosen r and s.
import { children, type Der, readDer, TAG } from '../../src/der.js';
import { encOctets, seq, tlv } from '../../src/der-write.js';
import { createEcTestCa, type EcTestCa, type IssuedTestCertificate } from '../../src/sandbox/citizen-ca.js';

export {
  createEcTestCa,
  type EcTestCa,
  ecdsaSign,
  fictionalCitizen,
  p1363ToDer,
  rnokppCheckDigit,
  signCadesBes,
} from '../../src/sandbox/citizen-ca.js';

export type { IssuedTestCertificate };

/** The cast of the ECDSA fault tests: a trusted CA, a citizen, an expired citizen, a citizen of an untrusted CA. */
export interface EcdsaScenario {
  readonly ca: EcTestCa;
  readonly citizen: IssuedTestCertificate;
  /** Valid from a year before `now` to a day before it. */
  readonly expired: IssuedTestCertificate;
  /** Issued by a CA with the trusted one's names and another key, which no trust store holds. */
  readonly untrusted: IssuedTestCertificate;
}

/** Makes an {@link EcdsaScenario} at `now`. */
export async function createEcdsaScenario(seed: string, now: number): Promise<EcdsaScenario> {
  const ca = await createEcTestCa({ seed, now });
  const impostor = await createEcTestCa({ seed, now });
  return {
    ca,
    citizen: await ca.issueCitizen(),
    expired: await ca.issueCitizen({ notBefore: now - 365 * 86_400_000, notAfter: now - 86_400_000 }),
    untrusted: await impostor.issueCitizen(),
  };
}

/** The orders of P-256 and P-384. */
export const ORDER = {
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384':
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
} as const;

interface SignedDataParts {
  readonly type: Der;
  readonly fields: Der[];
}

function signedDataParts(cms: Uint8Array): SignedDataParts {
  const [type, wrapper] = children(readDer(cms), TAG.SEQUENCE) as [Der, Der];
  return { type, fields: children(children(wrapper, 0xa0)[0] as Der, TAG.SEQUENCE) };
}

/** `cms` with the SignedData's fields (version, digestAlgorithms, encap, [certs], signerInfos) rewritten. */
export function rewriteSignedData(cms: Uint8Array, edit: (fields: Uint8Array[]) => Uint8Array[]): Uint8Array {
  const { type, fields } = signedDataParts(cms);
  return seq(type.raw, tlv(0xa0, seq(...edit(fields.map((f) => f.raw)))));
}

/** `cms` with its (first) SignerInfo's fields rewritten. */
export function rewriteSignerInfo(cms: Uint8Array, edit: (fields: Uint8Array[]) => Uint8Array[]): Uint8Array {
  return rewriteSignedData(cms, (fields) => {
    const last = fields.length - 1;
    const infos = children(readDer(fields[last] as Uint8Array), TAG.SET);
    const first = children(infos[0] as Der, TAG.SEQUENCE).map((d) => d.raw);
    const out = [...fields];
    out[last] = tlv(TAG.SET, seq(...edit(first)), ...infos.slice(1).map((d) => d.raw));
    return out;
  });
}

/** The index of the signature OCTET STRING among a SignerInfo's fields (after [0] signedAttrs and the algorithm). */
function signatureIndex(fields: readonly Uint8Array[]): number {
  return fields.findIndex((f, i) => i > 2 && f[0] === TAG.OCTET_STRING);
}

/** The SignerInfo's DER ECDSA-Sig-Value. */
export function signatureOf(cms: Uint8Array): Uint8Array {
  let found = new Uint8Array();
  rewriteSignerInfo(cms, (fields) => {
    found = readDer(fields[signatureIndex(fields)] as Uint8Array).value.slice();
    return fields;
  });
  return found;
}

/** `cms` with the SignerInfo's signature OCTET STRING holding `signature`. */
export function withSignature(cms: Uint8Array, signature: Uint8Array): Uint8Array {
  return rewriteSignerInfo(cms, (fields) => {
    const out = [...fields];
    out[signatureIndex(fields)] = encOctets(signature);
    return out;
  });
}

const toBig = (bytes: Uint8Array): bigint =>
  bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);

/** r and s of a DER ECDSA-Sig-Value. */
export function rs(signature: Uint8Array): { r: bigint; s: bigint } {
  const [r, s] = children(readDer(signature), TAG.SEQUENCE) as [Der, Der];
  return { r: toBig(r.value), s: toBig(s.value) };
}

/** A DER INTEGER of a non-negative value, minimal unless `pad` zero octets are put in front. */
export function integer(n: bigint, pad = 0): Uint8Array {
  let h = n.toString(16);
  if (h.length % 2) h = `0${h}`;
  let bytes = Buffer.from(h, 'hex');
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.of(0), bytes]);
  return tlv(TAG.INTEGER, Buffer.concat([Buffer.alloc(pad), bytes]));
}

/** A DER ECDSA-Sig-Value from r and s. */
export const sigValue = (r: bigint, s: bigint): Uint8Array => seq(integer(r), integer(s));
