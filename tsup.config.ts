import { defineConfig } from 'tsup';

/** One entry per subpath export; keep in step with `exports` in package.json. */
export const entries: Record<string, string> = {
  index: 'src/index.ts',
  'scanner/index': 'src/scanner/index.ts',
  'scanner/browser/index': 'src/scanner/adapters/browser/index.ts',
  'scanner/browser/decode-worker': 'src/scanner/adapters/browser/decode-worker.entry.ts',
  'scanner/node': 'src/scanner/adapters/node/index.ts',
  'verify/index': 'src/verify/index.ts',
  'transport/index': 'src/transport/index.ts',
  'share/index': 'src/share/index.ts',
  'node/index': 'src/node/index.ts',
  // The thread of dstuOpenerPool, loaded beside node/index by its file name.
  'node/dstu-pool-worker': 'src/node/dstu-pool-worker.ts',
  cli: 'src/cli/bin.ts',
  'profiles/jose': 'src/profiles/jose.ts',
  'profiles/dstu/index': 'src/profiles/dstu/index.ts',
  'sandbox/index': 'src/sandbox/index.ts',
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  treeshake: true,
  outDir: 'dist',
  // The browser files that must load without a bundler (the camera's worker, a standalone entry).
  onSuccess: async () => (await import('./scripts/bundle-browser.mjs')).bundleBrowser(),
});
