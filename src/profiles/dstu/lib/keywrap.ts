/**
 * Key transport for the Ukrainian CMS key agreement (dhSinglePass-cofactorDH-gost34311kdf,
 * 1.2.804.2.1.1.1.1.3.4): the X9.63-style KDF over GOST 34.311 that turns the shared point into a KEK, and
 * the GOST 28147 key wrap (1.2.804.2.1.1.1.1.1.1.5), shaped like the RFC 3217 CMS key wrap: a 4-byte GOST
 * MAC as the check value, CFB under a random IV, the bytes reversed, CFB again under a fixed IV.
 *
 * @module
 */
import { concat, encNull, encOctets, encOid, seq, tlv } from '../../../der-write.js';
import { cfbDecrypt, cfbEncrypt, expandSBox, gostKey, mac } from './gost28147.js';
import { gost34311 } from './gost34311.js';

/** The key-wrap algorithm named in the SharedInfo and in `keyEncryptionAlgorithm`. */
export const GOST28147_WRAP = '1.2.804.2.1.1.1.1.1.1.5';
/** The key-agreement scheme. */
export const DH_COFACTOR_GOST34311_KDF = '1.2.804.2.1.1.1.1.3.4';

// The fixed IV of the outer encryption, the same value RFC 3217 section 3.2 uses.
const WRAP_IV = Uint8Array.of(0x4a, 0xdd, 0xa2, 0x2c, 0x79, 0xe8, 0x21, 0x05);

/**
 * KEK = GOST34311(Z || 00000001 || SharedInfo), SharedInfo = SEQUENCE { keyInfo { wrap OID, NULL },
 * entityUInfo [0] ukm, suppPubInfo [2] 00000100 (256 bits) }. `zBigEndian` is the shared x-coordinate
 * with its most significant byte first (checked against the samples).
 */
export function deriveKek(
  zBigEndian: Uint8Array,
  ukm: Uint8Array | undefined,
  sbox?: Uint8Array,
): Uint8Array {
  const sharedInfo = seq(
    seq(encOid(GOST28147_WRAP), encNull()),
    ...(ukm ? [tlv(0xa0, encOctets(ukm))] : []),
    tlv(0xa2, encOctets(Uint8Array.of(0, 0, 1, 0))),
  );
  return gost34311(concat(zBigEndian, Uint8Array.of(0, 0, 0, 1), sharedInfo), sbox);
}

/** Wraps a 32-byte content-encryption key; `iv` must be 8 fresh random bytes. Returns 44 bytes. */
export function wrapKey(kek: Uint8Array, cek: Uint8Array, iv: Uint8Array, sbox?: Uint8Array): Uint8Array {
  if (cek.length !== 32 || iv.length !== 8) throw new RangeError('bad key wrap input');
  const key = gostKey(kek, expandSBox(sbox));
  const inner = concat(iv, cfbEncrypt(key, iv, concat(cek, mac(key, cek))));
  return cfbEncrypt(key, WRAP_IV, inner.reverse());
}

/** Unwraps a 44-byte wrapped key; returns undefined when the check value does not match. */
export function unwrapKey(kek: Uint8Array, wrapped: Uint8Array, sbox?: Uint8Array): Uint8Array | undefined {
  if (wrapped.length !== 44) return undefined;
  const key = gostKey(kek, expandSBox(sbox));
  const inner = cfbDecrypt(key, WRAP_IV, wrapped).reverse();
  const cekIcv = cfbDecrypt(key, inner.subarray(0, 8), inner.subarray(8));
  const cek = cekIcv.subarray(0, 32);
  const icv = mac(key, cek);
  let diff = 0;
  for (let i = 0; i < 4; i++) diff |= (icv[i] as number) ^ (cekIcv[32 + i] as number);
  return diff === 0 ? cek.slice() : undefined;
}
