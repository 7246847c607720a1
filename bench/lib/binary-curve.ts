// node:crypto (OpenSSL) keys on a DSTU 4145 curve: OpenSSL does ECDSA and ECDH over characteristic-two
// curves given by explicit parameters (X9.62 ECParameters in the SPKI / PKCS#8), so the native peer of a
// DSTU 4145 verification runs over the very same field, equation, base point and order.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Curve } from '../../src/profiles/dstu/lib/curve.js';
import { multiply } from '../../src/profiles/dstu/lib/ladder.js';

const tlv = (tag: number, body: Uint8Array): Uint8Array => {
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 255];
  return Uint8Array.from([tag, ...len, ...body]);
};
const seq = (...items: Uint8Array[]) => tlv(0x30, Uint8Array.from(items.flatMap((i) => [...i])));
const bytesOf = (v: bigint, length?: number): Uint8Array => {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (length !== undefined) hex = hex.padStart(2 * length, '0');
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
};
const int = (v: bigint): Uint8Array => {
  const b = bytesOf(v);
  return tlv(0x02, (b[0] as number) & 0x80 || b.length === 0 ? Uint8Array.from([0, ...b]) : b);
};
const oid = (dotted: string): Uint8Array => {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * (arcs[0] as number) + (arcs[1] as number)];
  for (const arc of arcs.slice(2)) {
    const groups = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) groups.unshift((v & 0x7f) | 0x80);
    out.push(...groups);
  }
  return tlv(0x06, Uint8Array.from(out));
};
const octets = (b: Uint8Array) => tlv(0x04, b);

/** X9.62 ECParameters of a DSTU 4145 curve (polynomial basis, trinomial or pentanomial). */
function ecParameters(c: Curve): Uint8Array {
  const size = Math.ceil(c.f.m / 8);
  const basis =
    c.f.middle.length === 1
      ? [oid('1.2.840.10045.1.2.3.2'), int(BigInt(c.f.middle[0] as number))]
      : [oid('1.2.840.10045.1.2.3.3'), seq(...c.f.middle.map((k) => int(BigInt(k))))];
  const fieldId = seq(oid('1.2.840.10045.1.2'), seq(int(BigInt(c.f.m)), ...basis));
  const g = c.g as { x: bigint; y: bigint };
  return seq(
    int(1n),
    fieldId,
    seq(octets(bytesOf(c.a, size)), octets(bytesOf(c.b, size))),
    octets(Uint8Array.from([4, ...bytesOf(g.x, size), ...bytesOf(g.y, size)])),
    int(c.n),
    int(c.a === 1n ? 2n : 4n),
  );
}

/** A key pair for scalar d on curve c as node:crypto KeyObjects (explicit curve parameters). */
export function opensslKeys(c: Curve, d: bigint): { privateKey: KeyObject; publicKey: KeyObject } {
  const size = Math.ceil(c.f.m / 8);
  const q = multiply(c, c.g, d);
  if (q === null) throw new Error('bad scalar');
  const point = Uint8Array.from([4, ...bytesOf(q.x, size), ...bytesOf(q.y, size)]);
  const algorithm = seq(oid('1.2.840.10045.2.1'), ecParameters(c));
  const bits = tlv(0x03, Uint8Array.from([0, ...point]));
  const spki = seq(algorithm, bits);
  const ecPrivateKey = seq(
    int(1n),
    octets(bytesOf(d, Math.ceil(c.n.toString(2).length / 8))),
    tlv(0xa1, bits),
  );
  const pkcs8 = seq(int(0n), algorithm, octets(ecPrivateKey));
  return {
    privateKey: createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }),
  };
}
