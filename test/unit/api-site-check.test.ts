// The check `npm test` runs on the built API reference (scripts/check-api-site.mjs), on a small site made
// here: each kind of broken link the real site once had is reported, and a sound site passes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSite } from '../../scripts/check-api-site.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SOURCE = 'https://github.com/diia-accept/diia-accept/blob/main/';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function site(pages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'api-site-'));
  dirs.push(dir);
  for (const [path, body] of Object.entries(pages)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), body);
  }
  return dir;
}

const sound = {
  'index.html': `<a href="classes/A.html#method">A</a> <link href="assets/style.css"> <a href="#top">top</a>
    <a href="${SOURCE}src/errors.ts#L10">errors.ts:10</a> <a href="https://diia.gov.ua/">Diia</a>
    <a href="documents/Guide.html?x=1">guide</a>`,
  'classes/A.html': '<a href="../index.html">home</a> <img src="../assets/logo.png">',
  'assets/style.css': '',
  'assets/logo.png': '',
  'documents/Guide.html': '<a href="../classes/A.html">A</a>',
};

describe('the API site check', () => {
  it('passes a site whose every link resolves', () => {
    expect(checkSite(site(sound), root)).toEqual([]);
  });

  it.each([
    ['a relative link to no page', '<a href="classes/Missing.html">x</a>', /relative link to no file/],
    ['a relative link out of the site', '<a href="../../etc/passwd">x</a>', /out of the site/],
    ['a source link without src/', `<a href="${SOURCE}errors.ts#L459">x</a>`, /source link to no file/],
    ['a source link to a directory', `<a href="${SOURCE}src#L1">x</a>`, /source link to no file/],
    [
      'a source link into node_modules',
      `<a href="${SOURCE}node_modules/typescript/lib/lib.dom.d.ts#L1">x</a>`,
      /node_modules/,
    ],
    ['a file name made into a web address', '<a href="http://protocol.md">protocol.md</a>', /file name/],
  ])('reports %s', (_name, link, problem) => {
    const problems = checkSite(site({ ...sound, 'extra.html': link }), root);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^extra\.html: /);
    expect(problems[0]).toMatch(problem);
  });

  it('reports an empty or missing site instead of passing it', () => {
    expect(checkSite(join(tmpdir(), 'no-such-api-site'), root)[0]).toMatch(/no pages/);
  });
});
