// The quickstart guide's code, run as written: its first five `js` blocks, joined into one module, in a child
// process against the real sandbox over loopback. A renamed option or export fails here, not at a partner's.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { subpathEntries } from '../../scripts/entries.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SUBPATHS = subpathEntries();

/** The guide's `js` blocks, in order. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** Points the package's own specifiers at the source, as the installed package would resolve them. */
function toSource(code: string): string {
  return code.replace(/from '(diia-accept(?:\/[a-z/]+)?)'/g, (_all, specifier: string) => {
    const file = SUBPATHS[specifier];
    if (!file) throw new Error(`the guide imports ${specifier}; map it in SUBPATHS`);
    return `from '${pathToFileURL(join(root, file)).href}'`;
  });
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('docs/guides/quickstart.md', () => {
  it('runs as written: the first identity check and the first copy', async () => {
    for (const guide of ['docs/guides/quickstart.md', 'docs/guides/uk/quickstart.md']) {
      const blocks = codeBlocks(await readFile(join(root, guide), 'utf8'));
      expect(
        blocks.length,
        `${guide}: five walk-through blocks and the platform settings`,
      ).toBeGreaterThanOrEqual(6);
      // Blocks 1–5 are the walk-through; the last one (the platform's settings) needs real credentials.
      const program = [...blocks.slice(0, 5), 'server.close();', 'await sandbox.close();'].join('\n');
      const dir = await mkdtemp(join(tmpdir(), 'diia-guide-'));
      dirs.push(dir);
      const file = join(dir, 'desk.mjs');
      await writeFile(file, toSource(program));
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
        cwd: root,
        timeout: 50_000,
      });
      expect(stdout, guide).toMatch(/(genuine and current|справжній і чинний): passport/);
      expect(stdout, guide).toMatch(/passport \d+ (bytes|байтів), sha256 [0-9a-f]{64}/);
      expect(stdout, guide).toMatch(
        /(consent receipt for request|квитанція про згоду для запиту) [0-9a-f-]{36}/,
      );
    }
  });
});
