#!/usr/bin/env node
// `npm run demo` and `npm run demo:web`: build only the SDK entries an example imports, then run it.
//
//   node scripts/demo.mjs quickstart [--lang uk] [--profile dstu]
//   node scripts/demo.mjs front-desk
//
// The examples import the package by its own name ('diia-accept', 'diia-accept/sandbox', …), as a partner's
// code does. A full `npm run build` (two module formats, type declarations, browser bundles) is not needed
// for that: esbuild compiles the entries the example uses from src/ into .tmp/demo/ (ESM, no types), and a
// module resolution hook points the package's names at that build. Everything else resolves as usual.
import { register } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { subpathEntries } from './entries.mjs';

const started = performance.now();
const root = fileURLToPath(new URL('..', import.meta.url));

/** Each subpath of the package and its source (scripts/entries.mjs). */
const SUBPATHS = subpathEntries();

const EXAMPLES = {
  quickstart: {
    file: 'examples/quickstart/index.mjs',
    imports: Object.keys(SUBPATHS).filter((s) => !/^diia-accept\/scanner\/(browser|node)$/.test(s)),
  },
  'front-desk': {
    file: 'examples/front-desk/server.mjs',
    imports: [
      'diia-accept',
      'diia-accept/node',
      'diia-accept/profiles/jose',
      'diia-accept/sandbox',
      'diia-accept/share',
      'diia-accept/transport',
      'diia-accept/verify',
    ],
  },
};

const [name, ...args] = process.argv.slice(2);
const example = EXAMPLES[name];
if (!example) {
  console.error(`Usage: node scripts/demo.mjs <${Object.keys(EXAMPLES).join('|')}> [options of the example]`);
  process.exit(2);
}

const ms = () => `${Math.round(performance.now() - started)} ms`;
console.log(
  `Compiling the ${example.imports.length} SDK entries ${example.file} imports (esbuild, from src/)…`,
);

const outdir = join(root, '.tmp', 'demo', name);
const entryName = (specifier) => specifier.replace(/^diia-accept\/?/, '').replaceAll('/', '-') || 'index';
const { build } = await import('esbuild');
try {
  await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(example.imports.map((s) => [entryName(s), SUBPATHS[s]])),
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies (jose, zod, @noble/hashes, …) load from node_modules as they would for a partner.
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'error',
  });
} catch {
  // esbuild has printed what it could not compile
  process.exit(1);
}

const map = Object.fromEntries(
  example.imports.map((s) => [s, pathToFileURL(join(outdir, `${entryName(s)}.js`)).href]),
);
register('./demo-hooks.mjs', import.meta.url, { data: { map } });
console.log(`Compiled in ${ms()}. Starting ${example.file}${args.length ? ` ${args.join(' ')}` : ''}`);

// The example sees the command line it would see if run as `node <file> <args>`.
const file = join(root, example.file);
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(file).href);
