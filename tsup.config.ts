import { defineConfig } from 'tsup';

import { buildEntries } from './scripts/entries.mjs';

/** One entry per subpath of package.json (scripts/entries.mjs), plus the CLI and the workers. */
export const entries: Record<string, string> = buildEntries();

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
