// The rules of docs/architecture.md, held by the import graph of src/: no cycles, and each part imports only
// the parts below it. A new import that breaks a layer fails here with the file and the import named.
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, importsOf } from '../../scripts/architecture.mjs';

/** The parts of src/, and the parts each may import (besides itself). */
const FOUNDATION = 'foundation';
const MAY_IMPORT: Record<string, readonly string[]> = {
  [FOUNDATION]: [],
  scanner: [FOUNDATION],
  transport: [FOUNDATION],
  verify: [FOUNDATION, 'scanner', 'transport'],
  'profiles/port': [FOUNDATION],
  'profiles/jose': [FOUNDATION, 'profiles/port', 'verify'],
  // Certificates, ECDSA CMS and the signer's identity, below the profiles that read them.
  signatures: [FOUNDATION],
  'profiles/dstu': [FOUNDATION, 'profiles/port', 'signatures'],
  share: [FOUNDATION, 'scanner', 'transport', 'profiles/port'],
  // Diia ID: the DSTU profile's GOST 34.311 digest and CAdES check, the ECDSA check of signatures.
  'diia-id': [FOUNDATION, 'transport', 'share', 'signatures', 'profiles/dstu'],
  facade: [FOUNDATION, 'scanner', 'transport', 'verify', 'profiles/port', 'share', 'diia-id'],
  'scanner/browser': [FOUNDATION, 'scanner'],
  'scanner/node': [FOUNDATION, 'scanner'],
  // The Redis stores implement the share and Diia ID store ports.
  node: [FOUNDATION, 'scanner', 'transport', 'verify', 'profiles/port', 'profiles/dstu', 'share', 'diia-id'],
  sandbox: [
    FOUNDATION,
    'scanner',
    'transport',
    'verify',
    'profiles/port',
    'profiles/jose',
    'profiles/dstu',
    'share',
  ],
  // sign and login: Diia ID, and the delivery's webhook on a Node server.
  cli: [FOUNDATION, 'scanner', 'transport', 'verify', 'share', 'sandbox', 'diia-id', 'node'],
};

/** The part a source file belongs to. */
function partOf(file: string): string {
  const path = file.slice('src/'.length);
  if (path === 'index.ts' || path === 'acceptor.ts') return 'facade';
  if (!path.includes('/')) return FOUNDATION;
  const [top, second] = path.split('/');
  if (top === 'profiles') return second === 'port.ts' ? 'profiles/port' : `profiles/${second}`;
  if (top === 'scanner' && (second === 'browser' || second === 'node')) return `scanner/${second}`;
  return top!;
}

describe('the import graph of src/', () => {
  const graph = importGraph();

  it('reads the imports it is meant to read', () => {
    // Static, type-only, re-exports and dynamic imports all count: a cycle of types is still a cycle.
    expect(importsOf('src/index.ts')).toContain('src/acceptor.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('has no import cycles', () => {
    expect(importCycles(graph).map((cycle) => cycle.join(' <-> '))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const toy = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(importCycles(toy)).toEqual([['a', 'b', 'c']]);
  });

  it('keeps each part to the parts below it', () => {
    const parts = new Set(Object.keys(MAY_IMPORT));
    const broken: string[] = [];
    for (const [file, imports] of graph) {
      const from = partOf(file);
      expect(parts.has(from), `${file} is in no known part`).toBe(true);
      for (const target of imports) {
        const to = partOf(target);
        if (to !== from && !MAY_IMPORT[from]!.includes(to))
          broken.push(`${file} (${from}) imports ${target} (${to})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('lets diia-id take from the dstu profile only the GOST 34.311 digest, the CAdES check and the CA store', () => {
    const taken = [...graph]
      .filter(([file]) => partOf(file) === 'diia-id')
      .flatMap(([, imports]) => imports.filter((target) => partOf(target) === 'profiles/dstu'));
    expect(new Set(taken)).toEqual(
      new Set([
        'src/profiles/dstu/lib/gost34311.ts',
        'src/profiles/dstu/lib/cades.ts',
        'src/profiles/dstu/lib/trust.ts',
      ]),
    );
  });
});
