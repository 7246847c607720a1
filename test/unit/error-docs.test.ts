import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_ADVICE } from '../../scripts/error-advice.js';
import {
  adviceGaps,
  catalogSections,
  ERROR_DOC_FILES,
  readCatalogSource,
  renderErrorDocs,
  untranslatedSections,
} from '../../scripts/error-docs.js';
import { ERROR_MESSAGES } from '../../src/errors.js';

const codes = Object.keys(ERROR_MESSAGES);
const source = readCatalogSource();
const CYRILLIC = /[\u0400-\u04FF]/;

describe('the advice for every error code (scripts/error-advice.ts)', () => {
  it('covers every code of ERROR_MESSAGES, in English and Ukrainian', () => {
    const { missing } = adviceGaps(codes, ERROR_ADVICE);
    expect(
      missing,
      `codes without a "what to do" entry in scripts/error-advice.ts: ${missing.join(', ')}`,
    ).toEqual([]);
  });

  it('has no entry for a code the catalog does not have', () => {
    const { stale } = adviceGaps(codes, ERROR_ADVICE);
    expect(stale, `advice for codes that are not in ERROR_MESSAGES: ${stale.join(', ')}`).toEqual([]);
  });

  it('speaks English in `en` and Ukrainian in `uk`', () => {
    const wrong = Object.entries(ERROR_ADVICE)
      .filter(([, { en, uk }]) => CYRILLIC.test(en) || !CYRILLIC.test(uk))
      .map(([code]) => code);
    expect(wrong, `advice in the wrong language: ${wrong.join(', ')}`).toEqual([]);
  });

  it('has a Ukrainian title for every section of the catalog', () => {
    const titles = untranslatedSections(source);
    expect(titles, `add to SECTION_TITLES_UK: ${titles.join(' | ')}`).toEqual([]);
  });
});

describe('the generated pages', () => {
  it.each(['en', 'uk'] as const)('%s is up to date (run `npm run docs:errors`)', (language) => {
    const path = new URL(`../../${ERROR_DOC_FILES[language]}`, import.meta.url);
    const expected = renderErrorDocs(language, source);
    const actual = readFileSync(path, 'utf8');
    if (actual !== expected) {
      const listed = new Set([...actual.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
      const absent = codes.filter((code) => !listed.has(code));
      expect.fail(
        `${ERROR_DOC_FILES[language]} is out of date: run \`npm run docs:errors\`` +
          (absent.length > 0 ? `; codes not in it: ${absent.join(', ')}` : ''),
      );
    }
  });

  it('lists every code exactly once, each under a section of the catalog', () => {
    const sections = catalogSections(source, codes);
    expect([...sections.values()].flat().sort()).toEqual([...codes].sort());
    expect(sections.has('Other'), 'a code sits outside the `// …` sections of src/errors.ts').toBe(false);
    const page = renderErrorDocs('en', source);
    for (const code of codes) expect(page.split(`| \`${code}\` |`)).toHaveLength(2);
  });

  it('leaves the "what to do" cell empty for a code without advice, so the gap shows', () => {
    const messages = { ...ERROR_MESSAGES, NEW_CODE: { en: 'New.', uk: 'Новий.' } };
    const page = renderErrorDocs('en', `${source}\n  // Other\n  NEW_CODE: {`, messages);
    expect(page).toContain('| `NEW_CODE` | New. |  |');
    expect(adviceGaps(Object.keys(messages), ERROR_ADVICE).missing).toEqual(['NEW_CODE']);
  });

  it('escapes table separators in texts', () => {
    const messages = { A_CODE: { en: 'a | b', uk: 'а | б' } };
    const page = renderErrorDocs('en', '', messages, { A_CODE: { en: 'x | y', uk: 'х | у' } });
    expect(page).toContain('| `A_CODE` | a \\| b | x \\| y |');
  });
});
