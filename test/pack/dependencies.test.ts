// The built package and package.json agree on its dependencies: every runtime dependency is imported by
// something in dist/ (else every user installs it for nothing), every optional peer is loaded by the code that
// needs it, and every package dist/ names is declared (else a user's install lacks it). Runs on the build
// (`npm run build` first, as `npm test` does).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
  );
}

/** `zod/mini` → `zod`, `@noble/hashes/sha2.js` → `@noble/hashes`, `node:fs` → `node:fs`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

const isRelative = (specifier: string) => specifier.startsWith('.') || specifier.startsWith('/');
const builtins = new Set(builtinModules);
const isBuiltin = (name: string) => name.startsWith('node:') || builtins.has(name);

/**
 * The packages a built file names, with how: `static` (import/export … from, side-effect import, require) or
 * `dynamic` (import(), and the optional peers loaded through `importOptional(name, …)`, whose specifier is a
 * variable at the import site). Declaration files count too (a type import a user's compiler must resolve),
 * with their JSDoc removed (its examples import the package by its own name).
 */
function packagesNamedBy(file: string): { static: Set<string>; dynamic: Set<string> } {
  let text = readFileSync(join(root, file), 'utf8');
  if (/\.d\.c?ts$/.test(file)) text = text.replace(/\/\*[\s\S]*?\*\//g, '');
  const collect = (patterns: RegExp[]) => {
    const out = new Set<string>();
    for (const pattern of patterns)
      for (const m of text.matchAll(pattern)) if (m[1] && !isRelative(m[1])) out.add(packageOf(m[1]));
    return out;
  };
  return {
    static: collect([
      /(?:^|[;}\s])(?:import|export)\s*(?:type\s+)?[\w${}*,\s]*?from\s*["']([^"']+)["']/gm,
      /(?:^|[;}\s])import\s*["']([^"']+)["']/gm,
      /\brequire\(\s*["']([^"']+)["']\s*\)/g,
    ]),
    dynamic: collect([/\bimport\(\s*["']([^"']+)["']\s*\)/g, /\bimportOptional\(\s*["']([^"']+)["']\s*,/g]),
  };
}

const built = (existsSync(join(root, 'dist')) ? filesUnder('dist') : []).filter((f) =>
  /\.(c?js|mjs|d\.c?ts)$/.test(f),
);
const named = new Map<string, Set<string>>();
for (const file of built) {
  const { static: s, dynamic: d } = packagesNamedBy(file);
  for (const name of [...s, ...d]) named.set(name, (named.get(name) ?? new Set()).add(file));
}

/** Declared runtime dependencies that nothing in the build imports. */
function unusedDependencies(declared: readonly string[], imported: ReadonlySet<string>): string[] {
  return declared.filter((name) => !imported.has(name)).sort();
}

/** Packages the build imports that are neither declared (dependency or peer), the package itself, nor Node's. */
function undeclaredImports(
  imported: Iterable<string>,
  declared: { dependencies: readonly string[]; peers: readonly string[]; self: string },
): string[] {
  const allowed = new Set([...declared.dependencies, ...declared.peers, declared.self]);
  return [...imported].filter((name) => !allowed.has(name) && !isBuiltin(name)).sort();
}

const dependencies = Object.keys(pkg.dependencies);
const peers = Object.keys(pkg.peerDependencies ?? {});
const imported = new Set(named.keys());

describe('dependencies of the built package', () => {
  it('finds a build to inspect (npm run build)', () => {
    expect(built.filter((f) => f.endsWith('.js')).length).toBeGreaterThan(10);
  });

  it('every runtime dependency is imported by the build', () => {
    expect(unusedDependencies(dependencies, imported)).toEqual([]);
  });

  it('every optional peer is loaded by the build (dynamically: a user without it can still load the rest)', () => {
    expect(unusedDependencies(peers, imported)).toEqual([]);
    for (const peer of peers) {
      const staticUsers = built.filter((f) => !/\.d\.c?ts$/.test(f) && packagesNamedBy(f).static.has(peer));
      expect(staticUsers, `${peer} is imported statically`).toEqual([]);
    }
  });

  it('every package the build imports is a declared dependency, a peer or a Node built-in', () => {
    expect(undeclaredImports(imported, { dependencies, peers, self: pkg.name })).toEqual([]);
  });

  it('the checks catch a dependency nobody imports and an import nobody declares', () => {
    // A package list with one the build does not import, and one without a package the build does import.
    expect(unusedDependencies([...dependencies, 'left-pad'], imported)).toEqual(['left-pad']);
    const withoutJose = dependencies.filter((name) => name !== 'jose');
    expect(undeclaredImports(imported, { dependencies: withoutJose, peers, self: pkg.name })).toEqual([
      'jose',
    ]);
    // The removed ASN.1 library, declared again, is reported as unused.
    expect(unusedDependencies([...dependencies, 'asn1js'], imported)).toEqual(['asn1js']);
  });
});
