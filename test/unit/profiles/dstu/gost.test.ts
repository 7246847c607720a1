import { describe, expect, it } from 'vitest';
import {
  cfbDecrypt,
  cfbEncrypt,
  ecbDecrypt,
  ecbEncrypt,
  expandSBox,
  gostKey,
  mac,
} from '../../../../src/profiles/dstu/lib/gost28147.js';
import { gost34311, hmacGost34311 } from '../../../../src/profiles/dstu/lib/gost34311.js';
import { toHex, unhex } from './fixtures.js';

// Key words 0x35373931 … 0x31343638 (little-endian) and the ciphertext of the zero block under DKE No. 1:
// the vector published with the gost89 test suites of the jkurwa project family.
const KEY = (() => {
  const words = [
    0x35373931, 0x36383032, 0x37393133, 0x38303234, 0x39313335, 0x30323436, 0x31333537, 0x31343638,
  ];
  const key = new Uint8Array(32);
  words.forEach((w, i) => {
    new DataView(key.buffer).setUint32(i * 4, w, true);
  });
  return key;
})();

// The "test" parameter set of GOST R 34.11-94 (RFC 5831 section 7.3.1), packed the DKE way (row 0 = K1).
const TEST_SBOX = unhex(
  '4a92d80e6b1c7f53eb4c6dfa23810759581da342efc7609b7da1089fe46cb2536c715fd84a9e03b24ba0721d36859cfe' +
    'db413f590ae7682c1fd057a4923e6b8c',
);

describe('GOST 28147-89 with DKE No. 1', () => {
  it('encrypts the published ECB vector and decrypts it back', () => {
    const key = gostKey(KEY);
    const c = ecbEncrypt(key, new Uint8Array(8));
    expect(toHex(c)).toBe('b1ee2537358b534d');
    expect(toHex(ecbDecrypt(key, c))).toBe('0000000000000000');
  });

  it('CFB round-trips any length and its first block is the encrypted IV xor the plaintext', () => {
    const key = gostKey(KEY);
    const iv = unhex('0102030405060708');
    for (const n of [0, 1, 7, 8, 9, 63, 64, 65]) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 37) & 255);
      const c = cfbEncrypt(key, iv, data);
      expect(c.length).toBe(n);
      expect(cfbDecrypt(key, iv, c)).toEqual(data);
    }
    const gamma = ecbEncrypt(key, iv);
    expect(cfbEncrypt(key, iv, new Uint8Array(8))).toEqual(gamma);
  });

  it('MAC changes with any bit of the message', () => {
    const key = gostKey(KEY);
    const data = new Uint8Array(32).fill(7);
    const m = mac(key, data);
    expect(m.length).toBe(4);
    data[31] = (data[31] as number) ^ 1;
    expect(mac(key, data)).not.toEqual(m);
  });

  it('rejects wrong key and block sizes with RangeError', () => {
    expect(() => gostKey(new Uint8Array(31))).toThrow(RangeError);
    expect(() => ecbEncrypt(gostKey(KEY), new Uint8Array(7))).toThrow(RangeError);
    expect(() => expandSBox(new Uint8Array(63))).toThrow(RangeError);
  });
});

describe('GOST 34.311-95', () => {
  it('matches the published DKE No. 1 vector', () => {
    const h = gost34311(new TextEncoder().encode('12345678901234567890123456789011'));
    expect(toHex(h)).toBe('7686f3f4b113aadc97bca9ea054f41821f0676c5c28ffb987e41797a568e1ed4');
  });

  it('matches the RFC 5831 vectors with the test parameter set (partial blocks, empty input)', () => {
    const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
    expect(toHex(gost34311(enc(''), TEST_SBOX))).toBe(
      'ce85b99cc46752fffee35cab9a7b0278abb4c2d2055cff685af4912c49490f8d',
    );
    expect(toHex(gost34311(enc('a'), TEST_SBOX))).toBe(
      'd42c539e367c66e9c88a801f6649349c21871b4344c6a573f849fdce62f314dd',
    );
    expect(toHex(gost34311(enc('message digest'), TEST_SBOX))).toBe(
      'ad4434ecb18f2c99b60cbe59ec3d2469582b65273f48de72db2fde16a4889a4d',
    );
    expect(toHex(gost34311(enc('The quick brown fox jumps over the lazy dog'), TEST_SBOX))).toBe(
      '77b7fa410c9ac58a25f49bca7d0468c9296529315eaca76bd1a10f376d1f4294',
    );
  });

  it('HMAC differs from the plain hash and depends on the key', () => {
    const data = new TextEncoder().encode('data');
    const a = hmacGost34311(new Uint8Array(32).fill(1), data);
    expect(a).not.toEqual(gost34311(data));
    expect(hmacGost34311(new Uint8Array(32).fill(2), data)).not.toEqual(a);
  });
});
