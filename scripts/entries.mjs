// The one map from the package's subpaths to their source files. `exports` in package.json is the source:
// every subpath `diia-accept/<p>` is built from `src/<p>/index.ts` to `dist/<p>/index.{js,cjs}` (the root from
// `src/index.ts`). tsup.config.ts, the demo and the tests read this; typedoc.json is checked against it.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Built files that are not subpaths: the CLI and the two workers, each loaded beside its entry by file name. */
export const EXTRA_ENTRIES = Object.freeze({
  cli: 'src/cli/bin.ts',
  'scanner/browser/decode-worker': 'src/scanner/browser/decode-worker.entry.ts',
  'node/dstu-pool-worker': 'src/node/dstu-pool-worker.ts',
});

/**
 * `{ 'diia-accept/<p>': 'src/<p>/index.ts' }` for every subpath in package.json, in its order. Throws when an
 * export does not follow the layout, so a subpath cannot be added in one place only.
 */
export function subpathEntries(pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))) {
  const out = {};
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key === './package.json') continue;
    const path = key === '.' ? '' : `${key.slice(2)}/`;
    const expected = {
      import: { types: `./dist/${path}index.d.ts`, default: `./dist/${path}index.js` },
      require: { types: `./dist/${path}index.d.cts`, default: `./dist/${path}index.cjs` },
    };
    if (JSON.stringify(target) !== JSON.stringify(expected)) {
      throw new Error(`package.json exports["${key}"] does not follow the layout dist/${path}index.*`);
    }
    out[key === '.' ? 'diia-accept' : `diia-accept/${key.slice(2)}`] = `src/${path}index.ts`;
  }
  return out;
}

/** The tsup entries: `{ '<p>/index': 'src/<p>/index.ts', ...EXTRA_ENTRIES }`. */
export function buildEntries() {
  const out = {};
  for (const file of Object.values(subpathEntries())) {
    out[file.slice('src/'.length, -'.ts'.length)] = file;
  }
  return { ...out, ...EXTRA_ENTRIES };
}
