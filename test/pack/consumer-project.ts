// A fresh project with the package installed from its packed tarball, as a user's project gets it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');

/** Runs a command and returns its output; a failure carries the command's own output. */
export function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** Packs the package (`npm pack`), installs the tarball into a new temporary project, returns its folder. */
export function packedConsumer(name: string, extraPackages: readonly string[] = []): string {
  const project = mkdtempSync(join(tmpdir(), `diia-accept-${name}-`));
  run('npm', ['pack', '--silent', '--pack-destination', project], root);
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name, private: true, version: '0.0.0' }));
  const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'];
  run('npm', [...install, `./${tarball}`, ...extraPackages], project);
  return project;
}

/** Removes a consumer project. */
export function removeConsumer(project: string | undefined): void {
  if (project) rmSync(project, { recursive: true, force: true });
}
