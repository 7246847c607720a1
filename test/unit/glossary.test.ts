// docs/glossary.md fixes the Ukrainian terms; its "not" column lists what must not appear. This reads every
// Ukrainian text of the project (error messages, the CLI, the examples, the Ukrainian guides) and fails on
// any of those, so a new message cannot drift from the glossary unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The rejected spellings of the glossary's table, each with the term it is rejected for. */
function rejected(): { term: string; not: string }[] {
  const text = readFileSync(join(root, 'docs/glossary.md'), 'utf8');
  const rows = text.split('\n').filter((line) => /^\| /.test(line) && !/^\| (English|---)/.test(line));
  return rows.flatMap((row) => {
    const cells = row.split('|').map((cell) => cell.trim());
    const [, , term = '', not = ''] = cells;
    return not === '—' || not === '' ? [] : not.split(',').map((variant) => ({ term, not: variant.trim() }));
  });
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const SOURCES = [
  'src/errors.ts',
  'src/cli/messages.ts',
  ...filesUnder('examples', /\.(ts|mjs|html|md)$/),
  ...filesUnder('docs/guides/uk', /\.md$/),
];

describe('docs/glossary.md', () => {
  const variants = rejected();

  it('lists rejected spellings to check against', () => {
    expect(variants.length).toBeGreaterThanOrEqual(20);
    expect(variants).toContainEqual({ term: 'штрихкод', not: 'штрих-код' });
  });

  it('no Ukrainian text of the project uses a spelling the glossary rejects', () => {
    const found: string[] = [];
    for (const file of SOURCES) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const { term, not } of variants) {
        const escaped = not.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const match = new RegExp(`(?<!\\p{L})${escaped}(?!\\p{L})`, 'iu').exec(text);
        if (match) {
          const line = text.slice(0, match.index).split('\n').length;
          found.push(`${file}:${line}: "${match[0]}" (write: ${term})`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
