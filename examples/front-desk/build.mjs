// Bundles the operator's page (page/app.mjs) and the camera's decoding worker with esbuild, straight from
// the SDK's source. A bundler does not know where `new URL('./decode-worker.js', import.meta.url)` in the
// SDK should go, so the page builds the worker as its own entry and passes its URL to the camera scanner:
// this is what any bundled application does (see the README, "In the browser").
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

// The SDK's subpaths the page uses, resolved to their source (a partner's bundler resolves them to dist/).
const SOURCE = {
  'diia-accept': 'src/errors.ts',
  'diia-accept/scanner/browser': 'src/scanner/browser/index.ts',
};

const sdkSource = {
  name: 'diia-accept-source',
  setup(b) {
    b.onResolve({ filter: /^diia-accept(\/|$)/ }, (args) => {
      const path = SOURCE[args.path];
      return path ? { path: `${root}${path}` } : { errors: [{ text: `not used by the page: ${args.path}` }] };
    });
  },
};

/**
 * Returns the page's scripts by URL path: `/app.js` with its chunks (zxing among them, fetched only if the
 * camera has to decode on the page's thread), `/decode-worker.js`, self-contained, and `/zxing_reader.wasm`
 * (ZXing-C++, the worker's engine) from the installed zxing-wasm package.
 */
export async function buildPage({ minify = false } = {}) {
  const common = {
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [sdkSource],
  };
  const [app, worker] = await Promise.all([
    build({ ...common, entryPoints: { app: `${here}page/app.mjs` }, splitting: true, outdir: `${here}.out` }),
    build({ ...common, entryPoints: [`${here}page/decode-worker.mjs`] }),
  ]);
  const scripts = new Map([
    ['/decode-worker.js', worker.outputFiles[0].text],
    ['/zxing_reader.wasm', await readFile(require.resolve('zxing-wasm/reader/zxing_reader.wasm'))],
  ]);
  for (const file of app.outputFiles) scripts.set(`/${file.path.slice(`${here}.out/`.length)}`, file.text);
  return scripts;
}
