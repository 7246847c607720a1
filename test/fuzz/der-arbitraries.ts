// Structured generators for DER: well-formed trees, real structures (certificates, CMS, PKCS#12) with one
// element replaced by a hostile one (a huge INTEGER, deep nesting, a large count, a length that lies), and
// byte-level mutations of all of these.
import fc from 'fast-check';
import { TAG } from '../../src/der.js';
import { repeated } from '../support/hostile-der.js';

/** A DER element as a tree: primitive (bytes) or constructed (children). */
export type Node =
  | { readonly tag: number; readonly value: Uint8Array }
  | { readonly tag: number; readonly children: readonly Node[] };

function lengthOf(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n & 0xff);
  return [0x80 | out.length, ...out];
}

function withHeader(tag: number, body: Uint8Array): Uint8Array {
  const head = [tag, ...lengthOf(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head, 0);
  out.set(body, head.length);
  return out;
}

/**
 * DER of a tree. Without recursion: a hostile node of 3,000 levels placed deep inside a CAdES signature
 * (itself some twenty levels deep) overflowed the stack of the recursive form.
 */
export function encode(root: Node): Uint8Array {
  const done = new Map<Node, Uint8Array>();
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack[stack.length - 1] as Node;
    if ('value' in node) {
      done.set(node, withHeader(node.tag, node.value));
      stack.pop();
      continue;
    }
    const pending = node.children.filter((c) => !done.has(c));
    if (pending.length > 0) {
      stack.push(...pending);
      continue;
    }
    done.set(node, withHeader(node.tag, concat(node.children.map((c) => done.get(c) as Uint8Array))));
    stack.pop();
  }
  return done.get(root) as Uint8Array;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A permissive tree reader for well-formed DER (test side only): constructed tags become children. */
export function decode(bytes: Uint8Array): Node {
  const read = (at: number): { node: Node; next: number } => {
    const tag = bytes[at] as number;
    let pos = at + 1;
    const first = bytes[pos++] as number;
    let length = first;
    if (first >= 0x80) {
      length = 0;
      for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (bytes[pos++] as number);
    }
    const end = pos + length;
    if ((tag & 0x20) === 0) return { node: { tag, value: bytes.subarray(pos, end) }, next: end };
    const children: Node[] = [];
    for (let p = pos; p < end; ) {
      const { node, next } = read(p);
      children.push(node);
      p = next;
    }
    return { node: { tag, children }, next: end };
  };
  return read(0).node;
}

/** How many elements a tree has (preorder numbering for {@link replaceAt}). */
export function count(node: Node): number {
  return 1 + ('children' in node ? node.children.reduce((n, c) => n + count(c), 0) : 0);
}

/** The tree with its `index`-th element (preorder) replaced by `replacement`. */
export function replaceAt(node: Node, index: number, replacement: Node): Node {
  let i = index;
  const walk = (n: Node): Node => {
    if (i === 0) {
      i--;
      return replacement;
    }
    i--;
    if (!('children' in n)) return n;
    return { tag: n.tag, children: n.children.map((c) => (i < 0 ? c : walk(c))) };
  };
  return walk(node);
}

const PRIMITIVE_TAGS = [
  TAG.BOOLEAN,
  TAG.INTEGER,
  TAG.BIT_STRING,
  TAG.OCTET_STRING,
  TAG.NULL,
  TAG.OID,
  TAG.UTF8,
  TAG.PRINTABLE,
  TAG.BMP,
  TAG.UTC_TIME,
  TAG.GENERALIZED_TIME,
  0x80,
  0x81,
];
const CONSTRUCTED_TAGS = [TAG.SEQUENCE, TAG.SET, 0xa0, 0xa1, 0xa3];

/** Well-formed DER trees of any shape. */
export const arbNode: fc.Arbitrary<Node> = fc.letrec<{ node: Node; primitive: Node; constructed: Node }>(
  (tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('primitive'), tie('constructed')),
    primitive: fc.record({
      tag: fc.constantFrom(...PRIMITIVE_TAGS),
      value: fc.uint8Array({ maxLength: 48 }),
    }),
    constructed: fc.record({
      tag: fc.constantFrom(...CONSTRUCTED_TAGS),
      children: fc.array(tie('node'), { maxLength: 6 }),
    }),
  }),
).node;

/** Elements no real input has: what the limits are for. */
export const arbHostileNode: fc.Arbitrary<Node> = fc.oneof(
  // Huge INTEGERs (the quadratic conversion): 1 KiB to 256 KiB.
  fc
    .integer({ min: 1, max: 256 })
    .map((k) => ({ tag: TAG.INTEGER, value: new Uint8Array(k * 1024).fill(0x5a) })),
  // An INTEGER just over and just under the serial bound.
  fc.integer({ min: 60, max: 90 }).map((n) => ({ tag: TAG.INTEGER, value: new Uint8Array(n).fill(0x11) })),
  // Deep nesting: 30 to 3000 levels.
  fc.integer({ min: 30, max: 3000 }).map((depth) => {
    let node: Node = { tag: TAG.NULL, value: new Uint8Array(0) };
    for (let i = 0; i < depth; i++) node = { tag: i % 2 ? TAG.SET : TAG.SEQUENCE, children: [node] };
    return node;
  }),
  // Large counts: a SET or SEQUENCE of 1,000 to 400,000 small elements.
  fc
    .record({
      tag: fc.constantFrom(TAG.SET, TAG.SEQUENCE, 0xa0),
      item: fc.constantFrom(
        Uint8Array.of(TAG.NULL, 0),
        Uint8Array.of(TAG.INTEGER, 1, 1),
        Uint8Array.of(0x30, 0),
      ),
      n: fc.integer({ min: 1_000, max: 400_000 }),
    })
    .map(({ tag, item, n }) => decodeHeaderless(tag, repeated(tag, item, n))),
  // Large primitive contents: names, OIDs, times and key bits of 64 KiB to 1 MiB.
  fc
    .record({
      tag: fc.constantFrom(TAG.OID, TAG.UTF8, TAG.BMP, TAG.UTC_TIME, TAG.BIT_STRING, TAG.OCTET_STRING),
      k: fc.integer({ min: 64, max: 1024 }),
    })
    .map(({ tag, k }) => ({ tag, value: new Uint8Array(k * 1024).fill(0x81) })),
);

/** A constructed element given as its full encoding (from {@link repeated}), kept as raw bytes. */
function decodeHeaderless(tag: number, encoded: Uint8Array): Node {
  // Keep it primitive-shaped (raw contents), so that encode() writes it back without walking 400,000 nodes.
  const first = encoded[1] as number;
  const header = first < 0x80 ? 2 : 2 + (first & 0x7f);
  return { tag, value: encoded.subarray(header) };
}

/** Byte-level edits: flip, set, truncate, cut out, duplicate, or write a lying length. */
export const arbEdits = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }),
    fc.record({
      kind: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 256 }),
    }),
    fc.record({
      kind: fc.constant('length' as const),
      at: fc.nat(),
      bytes: fc.constantFrom(
        [0x84, 0xff, 0xff, 0xff, 0xff],
        [0x83, 0x7f, 0xff, 0xff],
        [0x80],
        [0x81, 0x05],
        [0x82, 0x00, 0x90],
        [0x85, 1, 0, 0, 0, 0],
      ),
    }),
  ),
  { minLength: 1, maxLength: 4 },
);

export type Edit = typeof arbEdits extends fc.Arbitrary<(infer E)[]> ? E : never;

/** Applies edits to a copy of `bytes`. */
export function mutate(bytes: Uint8Array, edits: readonly Edit[]): Uint8Array {
  let out: Uint8Array = bytes.slice();
  for (const e of edits) {
    if (out.length === 0) break;
    const at = e.at % out.length;
    if (e.kind === 'set') out[at] = e.byte;
    else if (e.kind === 'truncate') out = out.slice(0, at);
    else if (e.kind === 'cut') out = concat([out.subarray(0, at), out.subarray(at + e.length)]);
    else if (e.kind === 'duplicate') out = concat([out.subarray(0, at + e.length), out.subarray(at)]);
    else out = concat([out.subarray(0, at + 1), Uint8Array.from(e.bytes), out.subarray(at + 2)]);
  }
  return out;
}

/**
 * Inputs derived from a real DER structure: the structure itself with one element replaced by a generated
 * or hostile one (all lengths around it re-encoded, so the reader reaches it), optionally mutated at
 * byte level.
 */
export function arbDerived(real: Uint8Array, hostileWeight = 1): fc.Arbitrary<Uint8Array> {
  const tree = decode(real);
  const size = count(tree);
  const replaced = fc
    .record({
      index: fc.integer({ min: 0, max: size - 1 }),
      node: fc.oneof({ arbitrary: arbNode, weight: 2 }, { arbitrary: arbHostileNode, weight: hostileWeight }),
    })
    .map(({ index, node }) => encode(replaceAt(tree, index, node)));
  return fc.oneof(
    { arbitrary: replaced, weight: 3 },
    { arbitrary: arbEdits.map((edits) => mutate(real, edits)), weight: 2 },
    { arbitrary: fc.tuple(replaced, arbEdits).map(([bytes, edits]) => mutate(bytes, edits)), weight: 1 },
  );
}
