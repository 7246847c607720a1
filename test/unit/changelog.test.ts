// CHANGELOG.md lists the public API by subpath; this keeps the list whole as exports are added.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exportsOfEntries } from '../../scripts/architecture.mjs';
import { subpathEntries } from '../../scripts/entries.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  version: string;
  exports: Record<string, unknown>;
};

/** Each subpath and its source entry (scripts/entries.mjs, from package.json). */
const ENTRIES: Record<string, string> = subpathEntries();

async function exportsOf(files: readonly string[]): Promise<Map<string, string[]>> {
  const found = await exportsOfEntries(files);
  return new Map(files.map((file) => [file, (found[file] ?? []).map((s) => s.name)]));
}

/** The changelog's text for one subpath: from its `#### \`subpath\`` heading to the next heading. */
function sectionOf(changelog: string, subpath: string): string | undefined {
  const start = changelog.indexOf(`#### \`${subpath}\``);
  if (start < 0) return undefined;
  const next = changelog.indexOf('\n#### ', start + 1);
  return changelog.slice(start, next < 0 ? undefined : next);
}

describe('CHANGELOG.md', () => {
  const changelog = readFileSync(`${root}CHANGELOG.md`, 'utf8');

  it('has a section for the version in package.json', () => {
    expect(changelog).toMatch(
      new RegExp(`^## \\[(Unreleased\\] — |)${pkg.version.replaceAll('.', '\\.')}`, 'm'),
    );
  });

  it('covers every subpath of package.json', () => {
    const subpaths = Object.keys(pkg.exports)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? 'diia-accept' : `diia-accept/${key.slice(2)}`));
    const unknown = subpaths.filter((s) => !(s in ENTRIES));
    expect(unknown, `subpaths without an entry in this test: ${unknown.join(', ')}`).toEqual([]);
    const missing = subpaths.filter((s) => sectionOf(changelog, s) === undefined);
    expect(missing, `subpaths without a section in CHANGELOG.md: ${missing.join(', ')}`).toEqual([]);
  });

  it('names every export under its subpath', { timeout: 120_000 }, async () => {
    const exported = await exportsOf(Object.values(ENTRIES));
    const missing: string[] = [];
    for (const [subpath, file] of Object.entries(ENTRIES)) {
      const section = sectionOf(changelog, subpath) ?? '';
      for (const name of exported.get(file) ?? []) {
        if (!section.includes(`\`${name}\``)) missing.push(`${subpath}: ${name}`);
      }
    }
    expect(missing, `exports not listed in CHANGELOG.md:\n${missing.join('\n')}`).toEqual([]);
  });
});
