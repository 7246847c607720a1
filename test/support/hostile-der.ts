// Hostile DER inputs for the dstu parsers, built from the official samples so that everything around the
// hostile element is well formed and an opener reaches it: a certificate whose serial INTEGER is huge, put
// into an EnvelopedData's originatorInfo, and an EnvelopedData whose recipientInfos is a SET of millions of
// NULLs. Shared by the attack tests, the fuzz harness and the stall bench.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { children, type Der, readDer, TAG } from '../../src/der.js';
import { seq, tlv } from '../../src/der-write.js';
import { decodeSealed } from '../../src/profiles/dstu/sealed-text.js';

const fixtures = fileURLToPath(new URL('../fixtures/diia-sdk-js/', import.meta.url));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(fixtures + path));

/** The platform's sample EnvelopedData (the JSON metadata), as DER. */
export const sampleEnvelope = (): Uint8Array => decodeSealed(read('samples/encodedData.json.p7s.p7e'));

/** A real certificate from the fixtures (the platform's test signing certificate). */
export const sampleCertificate = (): Uint8Array => read('certificates/DiiaKey1.cer');

/** `certificate` with its serial number replaced by an INTEGER of `serialBytes` octets (no leading zero). */
export function hugeSerialCertificate(certificate: Uint8Array, serialBytes: number): Uint8Array {
  const [tbs, algorithm, signature] = children(readDer(certificate), TAG.SEQUENCE) as [Der, Der, Der];
  const items = children(tbs, TAG.SEQUENCE);
  const at = items[0]?.tag === 0xa0 ? 1 : 0;
  const serial = new Uint8Array(serialBytes).fill(0x5a);
  const rebuilt = items.map((item, i) => (i === at ? tlv(TAG.INTEGER, serial) : item.raw));
  return seq(seq(...rebuilt), algorithm.raw, signature.raw);
}

/** The fields of an EnvelopedData (version, [originatorInfo], recipientInfos, encryptedContentInfo, …). */
function envelopeParts(envelope: Uint8Array): { type: Der; fields: Der[] } {
  const [type, content] = children(readDer(envelope), TAG.SEQUENCE) as [Der, Der];
  return { type, fields: children(children(content, 0xa0)[0] as Der, TAG.SEQUENCE) };
}

function rebuildEnvelope(type: Der, fields: readonly Uint8Array[]): Uint8Array {
  return seq(type.raw, tlv(0xa0, seq(...fields)));
}

/** `envelope` with `originatorInfo` replaced by one carrying `certificates`. */
export function withOriginatorCertificates(
  envelope: Uint8Array,
  certificates: readonly Uint8Array[],
): Uint8Array {
  const { type, fields } = envelopeParts(envelope);
  const rest = fields.slice(fields[1]?.tag === 0xa0 ? 2 : 1).map((d) => d.raw);
  const originatorInfo = tlv(0xa0, tlv(0xa0, ...certificates));
  return rebuildEnvelope(type, [(fields[0] as Der).raw, originatorInfo, ...rest]);
}

/** A DER element `tag` whose contents are `count` copies of `item`, written straight into one buffer. */
export function repeated(tag: number, item: Uint8Array, count: number): Uint8Array {
  const length = item.length * count;
  const lengthBytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) lengthBytes.unshift(n & 0xff);
  const header = length < 0x80 ? [tag, length] : [tag, 0x80 | lengthBytes.length, ...lengthBytes];
  const out = new Uint8Array(header.length + length);
  out.set(header, 0);
  for (let i = 0, at = header.length; i < count; i++, at += item.length) out.set(item, at);
  return out;
}

/** `envelope` with `recipientInfos` replaced by a SET of NULLs of about `bytes` bytes. */
export function withNullRecipientInfos(envelope: Uint8Array, bytes: number): Uint8Array {
  const { type, fields } = envelopeParts(envelope);
  const at = fields[1]?.tag === 0xa0 ? 2 : 1;
  const nulls = repeated(TAG.SET, Uint8Array.of(TAG.NULL, 0), Math.floor(bytes / 2));
  return rebuildEnvelope(
    type,
    fields.map((d, i) => (i === at ? nulls : d.raw)),
  );
}

/** The first attack input: a certificate with a 160 KiB serial in originatorInfo. */
export const hugeSerialEnvelope = (serialBytes = 160 * 1024): Uint8Array =>
  withOriginatorCertificates(sampleEnvelope(), [hugeSerialCertificate(sampleCertificate(), serialBytes)]);

/** The second attack input: a 12 MiB SET of NULLs as recipientInfos. */
export const nullFloodEnvelope = (bytes = 12 * 1024 * 1024): Uint8Array =>
  withNullRecipientInfos(sampleEnvelope(), bytes);
