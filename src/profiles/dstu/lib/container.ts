/**
 * PKCS#12 key containers as Ukrainian CAs issue them (`Key-6.dat`, `*.pfx`): PBES2 with PBKDF2 over
 * HMAC-GOST34311 and GOST 28147 CFB encryption (parameters carry the IV and the S-box). Yields the DSTU
 * private keys and any certificates inside.
 *
 * @module
 */

import { leToBigint } from '../../../bytes.js';
import {
  children,
  type Der,
  DerError,
  DerLimitError,
  octets,
  oid,
  readDer,
  smallInt,
  TAG,
} from '../../../der.js';
import { AcceptError } from '../../../errors.js';
import type { Point } from './curve.js';
import { DSTU4145_BE, DSTU4145_LE, type DstuParams, publicKeyOf, readParams } from './dstu4145.js';
import { cfbDecrypt, expandSBox, gostKey } from './gost28147.js';
import { pbkdf2Gost34311 } from './gost34311.js';

/** A DSTU 4145 private key with its domain parameters and public key. */
export interface PrivateKey {
  readonly d: bigint;
  readonly params: DstuParams;
  readonly q: Point;
}

export interface KeyContainer {
  readonly keys: readonly PrivateKey[];
  readonly certificates: readonly Uint8Array[];
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  x509: '1.2.840.113549.1.9.22.1',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacGost34311: '1.2.804.2.1.1.1.1.1.2',
  gost28147Cfb: '1.2.804.2.1.1.1.1.1.1.3',
} as const;

/**
 * The most PBKDF2 iterations a container may ask for. Ukrainian CAs write 10,000; each 1,000 costs about
 * 90 ms here, so a container cannot make opening it take more than a few seconds.
 */
export const MAX_PBKDF2_ITERATIONS = 100_000;

/** A wrong password shows as a plaintext that is not DER; that is the only signal PBES2 gives. */
class WrongPassword extends Error {}

// PBKDF2 with 10 000 iterations of HMAC-GOST34311 dominates opening a container; each derived key is
// computed once per (password, salt, iterations).
function decryptPbes2(alg: Der, encrypted: Uint8Array, password: Uint8Array): Uint8Array {
  const [algId, algParams] = children(alg, TAG.SEQUENCE);
  if (oid(algId) !== OID.pbes2) throw new DerError('only PBES2 is supported');
  const [kdf, scheme] = children(algParams as Der, TAG.SEQUENCE);
  const [kdfId, kdfParams] = children(kdf as Der, TAG.SEQUENCE);
  if (oid(kdfId) !== OID.pbkdf2) throw new DerError('only PBKDF2 is supported');
  const kp = children(kdfParams as Der, TAG.SEQUENCE);
  const salt = octets(kp[0]);
  const iterations = smallInt(kp[1]);
  if (iterations < 1) throw new DerError('iteration count out of range');
  if (iterations > MAX_PBKDF2_ITERATIONS)
    throw new DerLimitError(`more than ${MAX_PBKDF2_ITERATIONS} PBKDF2 iterations`);
  const prf = kp.find((d) => d.tag === TAG.SEQUENCE);
  if (!prf || oid(children(prf)[0]) !== OID.hmacGost34311) throw new DerError('unsupported PRF');
  const [schemeId, schemeParams] = children(scheme as Der, TAG.SEQUENCE);
  if (oid(schemeId) !== OID.gost28147Cfb) throw new DerError('unsupported cipher');
  const sp = children(schemeParams as Der, TAG.SEQUENCE);
  const iv = octets(sp[0]);
  const sbox = sp[1] ? expandSBox(octets(sp[1])) : expandSBox();
  const key = pbkdf2Gost34311(password, salt, iterations, 32);
  return cfbDecrypt(gostKey(key, sbox), iv, encrypted);
}

function readPrivateKeyInfo(plain: Uint8Array): PrivateKey {
  let items: Der[];
  try {
    items = children(readDer(plain), TAG.SEQUENCE);
  } catch (cause) {
    throw new WrongPassword('not DER', { cause });
  }
  const [algId, algParams] = children(items[1] as Der, TAG.SEQUENCE);
  const alg = oid(algId);
  if (alg !== DSTU4145_LE && alg !== DSTU4145_BE) throw new DerError('not a DSTU 4145 key');
  const littleEndian = alg === DSTU4145_LE;
  const params = readParams(algParams as Der, littleEndian);
  const raw = octets(items[2]);
  const d = littleEndian ? leToBigint(raw) : leToBigint(raw.slice().reverse());
  if (d <= 0n || d >= params.curve.n) throw new DerError('private key out of range');
  return { d, params, q: publicKeyOf(params.curve, d) };
}

function readSafeContents(
  der: Der,
  password: Uint8Array,
  out: { keys: PrivateKey[]; certificates: Uint8Array[] },
): void {
  for (const bag of children(der, TAG.SEQUENCE)) {
    const [bagId, bagValue] = children(bag, TAG.SEQUENCE);
    const value = children(bagValue as Der, 0xa0)[0] as Der;
    const id = oid(bagId);
    if (id === OID.shroudedKeyBag) {
      const [alg, encrypted] = children(value, TAG.SEQUENCE);
      out.keys.push(readPrivateKeyInfo(decryptPbes2(alg as Der, octets(encrypted), password)));
    } else if (id === OID.keyBag) {
      out.keys.push(readPrivateKeyInfo(value.raw));
    } else if (id === OID.certBag) {
      const [certId, certValue] = children(value, TAG.SEQUENCE);
      if (oid(certId) === OID.x509)
        out.certificates.push(octets(children(certValue as Der, 0xa0)[0]).slice());
    }
  }
}

/**
 * Opens a PKCS#12 container with its password. Throws `KEY_CONTAINER_PASSWORD` for a wrong password and
 * `KEY_CONTAINER_MALFORMED` for anything else that is wrong with it.
 */
export function openKeyContainer(bytes: Uint8Array, password: string): KeyContainer {
  const pw = new TextEncoder().encode(password);
  const out = { keys: [] as PrivateKey[], certificates: [] as Uint8Array[] };
  try {
    const pfx = children(readDer(bytes), TAG.SEQUENCE);
    if (smallInt(pfx[0]) !== 3) throw new DerError('not PKCS#12 v3');
    const [type, content] = children(pfx[1] as Der, TAG.SEQUENCE);
    if (oid(type) !== OID.data) throw new DerError('public-key integrity mode is not supported');
    const authSafe = readDer(octets(children(content as Der, 0xa0)[0]));
    for (const info of children(authSafe, TAG.SEQUENCE)) {
      const [infoType, infoContent] = children(info, TAG.SEQUENCE);
      const inner = children(infoContent as Der, 0xa0)[0] as Der;
      const kind = oid(infoType);
      if (kind === OID.data) {
        readSafeContents(readDer(octets(inner)), pw, out);
      } else if (kind === OID.encryptedData) {
        const [, eci] = children(inner, TAG.SEQUENCE);
        const [, alg, encrypted] = children(eci as Der, TAG.SEQUENCE);
        if (encrypted?.tag !== 0x80) throw new DerError('no encrypted content');
        const plain = decryptPbes2(alg as Der, encrypted.value, pw);
        let safe: Der;
        try {
          safe = readDer(plain);
        } catch (cause) {
          throw new WrongPassword('not DER', { cause });
        }
        readSafeContents(safe, pw, out);
      }
    }
  } catch (error) {
    if (error instanceof WrongPassword) throw new AcceptError('KEY_CONTAINER_PASSWORD', { cause: error });
    if (error instanceof AcceptError) throw error;
    if (error instanceof DerLimitError)
      throw new AcceptError('DER_LIMIT_EXCEEDED', { cause: error, detail: error.message });
    throw new AcceptError('KEY_CONTAINER_MALFORMED', { cause: error, detail: String(error) });
  }
  if (out.keys.length === 0) throw new AcceptError('KEY_CONTAINER_MALFORMED', { detail: 'no keys' });
  return out;
}
