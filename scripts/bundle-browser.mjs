// After tsup: the two files of diia-accept/scanner/browser that a browser loads without a bundler.
// - dist/scanner/browser/decode-worker.js: the camera's module worker, self-contained. A dedicated worker
//   does not see the page's import map, and @zxing/library's ESM build uses extension-less imports no
//   browser resolves, so the worker must carry its dependencies inside.
// - dist/scanner/browser/standalone.js: the whole entry with its dependencies, for a plain
//   <script type="module"> page (front-desk software without a build step). It finds the worker next to it.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function bundleBrowser() {
  const common = {
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    legalComments: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: ['src/scanner/adapters/browser/decode-worker.entry.ts'],
      outfile: 'dist/scanner/browser/decode-worker.js',
    }),
    build({
      ...common,
      entryPoints: ['src/scanner/adapters/browser/index.ts'],
      outfile: 'dist/scanner/browser/standalone.js',
    }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleBrowser();
