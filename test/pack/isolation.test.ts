// No subpath pulls another subpath's heavy dependencies: each built entry is bundled on its own (as a
// consumer's bundler would) and the bundle's inputs and imports are inspected. Also records the gzipped size
// of each entry against a written budget.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { import: { default: string } }>;
};

/** Packages that only their own subpath may bring in. */
const HEAVY = ['@zxing/library', 'zxing-wasm', 'ioredis', 'node-hid', 'serialport', 'undici'] as const;

/** What each subpath may contain, beyond the SDK's own code and the light runtime dependencies. */
const ALLOWED: Record<
  string,
  {
    heavy: readonly string[];
    node: boolean;
    budgetKiB: number;
    files?: Record<string, number>;
    /** What a page loads before any dynamic import (zxing is loaded only when the camera needs it). */
    initialKiB?: number;
    /** Inputs that must be loaded only behind a dynamic import. */
    lazy?: readonly string[];
  }
> = {
  // The Diia ID verifier (the DSTU CAdES and ECDSA checks) is a chunk the acceptor loads on first use.
  '.': {
    heavy: [],
    node: false,
    budgetKiB: 70,
    initialKiB: 45,
    lazy: ['profiles/dstu/lib/cades', 'signatures/cms'],
  },
  // Both engines counted: @zxing/library behind the synchronous decodeFrame, the ZXing-C++ glue (its .wasm is
  // a separate file) behind createFrameDecoder's dynamic import.
  './scanner': { heavy: ['@zxing/library', 'zxing-wasm'], node: false, budgetKiB: 160 },
  // Plus the files a browser loads as they are (built after tsup, no bare import specifier): the camera's
  // module worker and the entry for pages without a bundler. Budgets are for what each loads up front; the
  // engines are chunks they load only when used (see `lazy` below).
  './scanner/browser': {
    heavy: ['@zxing/library', 'zxing-wasm'],
    node: false,
    budgetKiB: 165,
    initialKiB: 30,
    lazy: ['@zxing', 'zxing-wasm'],
    files: { 'dist/scanner/browser/decode-worker.js': 20, 'dist/scanner/browser/standalone.js': 30 },
  },
  './scanner/node': { heavy: ['node-hid', 'serialport'], node: true, budgetKiB: 60 },
  './verify': { heavy: [], node: false, budgetKiB: 40 },
  './share': { heavy: [], node: false, budgetKiB: 60 },
  './transport': { heavy: [], node: false, budgetKiB: 60 },
  './profiles/jose': { heavy: [], node: false, budgetKiB: 40 },
  './profiles/dstu': { heavy: [], node: false, budgetKiB: 120 },
  // The dstu profile's code is imported only by a sandbox created with profile 'dstu'.
  './sandbox': { heavy: [], node: true, budgetKiB: 120, initialKiB: 45, lazy: ['profiles/dstu'] },
  './diia-id': { heavy: [], node: false, budgetKiB: 60 },
  './node': { heavy: ['ioredis', 'undici'], node: true, budgetKiB: 80 },
};

const entries = Object.entries(pkg.exports)
  .filter(([name, target]) => name !== './package.json' && typeof target === 'object')
  .map(
    ([name, target]) =>
      [name, join(root, (target as { import: { default: string } }).import.default)] as const,
  );

interface Inspection {
  readonly packages: Set<string>;
  readonly nodeImports: Set<string>;
  readonly gzipBytes: number;
}

async function inspect(file: string, platform: 'neutral' | 'node'): Promise<Inspection> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    minify: true,
    format: 'esm',
    platform,
    mainFields: ['module', 'main'],
    external: ['node:*', ...(platform === 'node' ? HEAVY : [])],
    logLevel: 'silent',
  });
  const meta = result.metafile as Metafile;
  const packages = new Set<string>();
  for (const input of Object.keys(meta.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (m?.[1]) packages.add(m[1]);
  }
  const nodeImports = new Set<string>();
  for (const output of Object.values(meta.outputs)) {
    for (const imp of output.imports) {
      if (imp.path.startsWith('node:')) nodeImports.add(imp.path);
      const heavy = HEAVY.find((h) => imp.path === h || imp.path.startsWith(`${h}/`));
      if (heavy) packages.add(heavy);
    }
  }
  const code = result.outputFiles?.[0]?.contents ?? new Uint8Array();
  return { packages, nodeImports, gzipBytes: gzipSync(code).length };
}

describe('subpath isolation', () => {
  it('every built subpath exists', () => {
    for (const [, file] of entries) expect(existsSync(file), file).toBe(true);
  });

  it.each(entries)('%s brings in only what it is allowed to', async (name, file) => {
    const rule = ALLOWED[name];
    expect(rule, `no isolation rule written for ${name}`).toBeDefined();
    if (!rule) return;
    const { packages, nodeImports, gzipBytes } = await inspect(file, rule.node ? 'node' : 'neutral');
    const forbidden = HEAVY.filter((h) => packages.has(h) && !rule.heavy.includes(h));
    expect(forbidden, `${name} pulls in ${forbidden.join(', ')}`).toEqual([]);
    if (!rule.node) expect([...nodeImports], `${name} imports Node built-ins`).toEqual([]);
    const kib = gzipBytes / 1024;
    console.log(`${name}: ${kib.toFixed(1)} KiB gzipped (budget ${rule.budgetKiB} KiB)`);
    expect(kib).toBeLessThanOrEqual(rule.budgetKiB);
  });

  const files = Object.values(ALLOWED).flatMap((rule) => Object.entries(rule.files ?? {}));
  /** The relative modules a file imports: statically, and by dynamic import. */
  const importsOf = (file: string) => {
    const text = readFileSync(join(root, file), 'utf8');
    const specifiers = (pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!);
    return {
      text,
      static: specifiers(/(?:^|[;}\s])(?:import|export)\s*(?:[\w{*][^"']*?from\s*)?["']([^"']+)["']/g),
      dynamic: specifiers(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
    };
  };
  it.each(files)(
    '%s imports only its own files and loads at most %d KiB gzipped up front',
    (file, budgetKiB) => {
      const seen = new Set<string>();
      const lazy = new Set<string>();
      const visit = (path: string) => {
        if (seen.has(path)) return;
        seen.add(path);
        const found = importsOf(path);
        for (const spec of [...found.static, ...found.dynamic]) {
          // A browser without an import map resolves relative paths only.
          expect(spec, `${path} imports ${spec}`).toMatch(/^\.\.?\//);
        }
        expect(found.text, `${path} requires a module`).not.toMatch(/\brequire\(/);
        for (const spec of found.static) visit(join(path, '..', spec));
        for (const spec of found.dynamic) lazy.add(join(path, '..', spec));
      };
      visit(file);
      const bytes = [...seen].reduce((sum, path) => sum + gzipSync(readFileSync(join(root, path))).length, 0);
      const kib = bytes / 1024;
      console.log(
        `${file}: ${kib.toFixed(1)} KiB gzipped up front (budget ${budgetKiB} KiB); lazy: ${lazy.size}`,
      );
      expect(kib).toBeLessThanOrEqual(budgetKiB);
      // The engines are not among what loads up front.
      const upFront = [...seen].map((path) => readFileSync(join(root, path), 'utf8')).join('\n');
      expect(upFront, 'the ZXing-C++ glue loads up front').not.toContain(
        'zxing_reader.wasm is not reachable',
      );
      expect(upFront, '@zxing/library loads up front').not.toContain('UnicodeBigUnmarked');
    },
  );

  it('ships the ZXing-C++ .wasm next to the worker, byte for byte the package one', () => {
    const shipped = readFileSync(join(root, 'dist/scanner/browser/zxing_reader.wasm'));
    const pkgWasm = readFileSync(join(root, 'node_modules/zxing-wasm/dist/reader/zxing_reader.wasm'));
    expect(shipped.equals(pkgWasm)).toBe(true);
    expect(readFileSync(join(root, 'dist/scanner/browser/decode-worker.js'), 'utf8')).toContain(
      'zxing_reader.wasm',
    );
  });

  const initial = entries.filter(([name]) => ALLOWED[name]?.initialKiB !== undefined);
  it.each(initial)(
    '%s loads little up front: its heavy code is behind dynamic imports',
    async (name, file) => {
      const rule = ALLOWED[name]!;
      const budgetKiB = rule.initialKiB!;
      const result = await build({
        entryPoints: [file],
        bundle: true,
        splitting: true,
        outdir: join(root, '.tmp', 'initial-load'),
        write: false,
        metafile: true,
        minify: true,
        format: 'esm',
        platform: rule.node ? 'node' : 'neutral',
        mainFields: ['module', 'main'],
        external: ['node:*'],
        logLevel: 'silent',
      });
      const outputs = (result.metafile as Metafile).outputs;
      const byPath = new Map(result.outputFiles.map((f) => [f.path, f.contents]));
      const start = Object.keys(outputs).find((path) => outputs[path]?.entryPoint);
      const loaded = new Set<string>();
      const visit = (path: string) => {
        if (loaded.has(path)) return;
        loaded.add(path);
        for (const imp of outputs[path]?.imports ?? []) {
          if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
        }
      };
      visit(start!);
      const bytes = [...loaded].reduce(
        (sum, path) => sum + gzipSync(byPath.get(join(root, path))!).length,
        0,
      );
      const inputs = [...loaded].flatMap((path) => Object.keys(outputs[path]?.inputs ?? {}));
      expect(
        inputs.filter((input) => rule.lazy?.some((lazy) => input.includes(lazy))),
        `${name} loads ${rule.lazy?.join(', ')} up front`,
      ).toEqual([]);
      const kib = bytes / 1024;
      console.log(`${name}: ${kib.toFixed(1)} KiB gzipped loaded up front (budget ${budgetKiB} KiB)`);
      expect(kib).toBeLessThanOrEqual(budgetKiB);
    },
  );
});
