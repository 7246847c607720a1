// After tsup: the files of diia-accept/scanner/browser that a browser loads without a bundler, all in
// dist/scanner/browser/.
// - decode-worker.js: the camera's module worker. A dedicated worker does not see the page's import map, and
//   @zxing/library's ESM build uses extension-less imports no browser resolves, so the worker carries its
//   dependencies in files of its own: no bare import specifier anywhere, only relative chunks.
// - standalone.js: the whole entry with its dependencies, for a plain <script type="module"> page
//   (front-desk software without a build step). It finds the worker next to it.
// - zxing_reader.wasm: the ZXing-C++ engine, copied from the installed zxing-wasm package. The worker fetches
//   it from next to itself (same origin, no CDN); where it does not load (a CSP without
//   'wasm-unsafe-eval'), the worker reads frames with @zxing/library instead.
// Both entries are built together with code splitting: each engine (zxing-wasm's glue, @zxing/library) is a
// chunk loaded by dynamic import only when it is used, so neither file carries an engine up front.
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function bundleBrowser() {
  const out = `${root}/dist/scanner/browser`;
  await mkdir(out, { recursive: true });
  const wasm = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  await Promise.all([
    copyFile(wasm, `${out}/zxing_reader.wasm`),
    build({
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      sourcemap: true,
      legalComments: 'linked',
      logLevel: 'warning',
      absWorkingDir: root,
      splitting: true,
      outdir: 'dist/scanner/browser',
      entryNames: '[name]',
      chunkNames: 'lazy/[name]-[hash]',
      entryPoints: {
        'decode-worker': 'src/scanner/browser/decode-worker.entry.ts',
        standalone: 'src/scanner/browser/index.ts',
      },
    }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleBrowser();
