// One map from subpaths to source files (scripts/entries.mjs reads package.json): the build, the API site and
// the packaging tests follow it, and a subpath cannot be half-added.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEntries, EXTRA_ENTRIES, subpathEntries } from '../../scripts/entries.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the subpath map', () => {
  const entries = subpathEntries();

  it('puts every subpath at src/<subpath>/index.ts, and the file exists', () => {
    for (const [subpath, file] of Object.entries(entries)) {
      const path = subpath === 'diia-accept' ? '' : `${subpath.slice('diia-accept/'.length)}/`;
      expect(file).toBe(`src/${path}index.ts`);
      expect(existsSync(root + file), file).toBe(true);
    }
    for (const file of Object.values(EXTRA_ENTRIES)) expect(existsSync(root + file), file).toBe(true);
  });

  it('is what typedoc documents', () => {
    const typedoc = JSON.parse(readFileSync(`${root}typedoc.json`, 'utf8')) as { entryPoints: string[] };
    expect([...typedoc.entryPoints].sort()).toEqual(Object.values(entries).sort());
  });

  it('is what tsup builds, with the CLI and the workers', () => {
    expect(Object.values(buildEntries()).sort()).toEqual(
      [...Object.values(entries), ...Object.values(EXTRA_ENTRIES)].sort(),
    );
  });

  it('refuses an export that does not follow the layout', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
      exports: Record<string, { import: { default: string } }>;
    };
    expect(() => subpathEntries(pkg)).not.toThrow();
    pkg.exports['./verify']!.import.default = './dist/verify.js';
    expect(() => subpathEntries(pkg)).toThrow(/exports\["\.\/verify"\]/);
  });
});
