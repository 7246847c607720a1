// The package as users get it: packed with `npm pack`, installed into a fresh project, loaded through
// `import` and `require`, and type-checked with the consumer's own TypeScript settings.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let project: string;

function run(command: string, args: string[], cwd = project): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'diia-accept-consumer-'));
  run('npm', ['pack', '--silent', '--pack-destination', project], root);
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }),
  );
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`]);
  // The consumer's TypeScript is the project's own compiler, so the test needs no download.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `typescript@${readTsVersion()}`]);
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

function readTsVersion(): string {
  return run('node', ['-p', "require('typescript/package.json').version"], root).trim();
}

describe('the packed package', () => {
  it('loads through import (ESM)', () => {
    const out = run('node', [
      '--input-type=module',
      '-e',
      "import { isValidEan13 } from 'diia-accept/scanner'; import { AcceptError, isAcceptError } from 'diia-accept'; console.log(isValidEan13('2858364170864'), isAcceptError(new AcceptError('SCAN_EMPTY'), 'SCAN_EMPTY'));",
    ]);
    expect(out.trim()).toBe('true true');
  });

  it('loads through require (CommonJS)', () => {
    const out = run('node', [
      '-e',
      "const { assertEan13 } = require('diia-accept/scanner'); const { describeError } = require('diia-accept'); try { assertEan13('2858364170865') } catch (e) { console.log(e.code, describeError(e, 'uk')) }",
    ]);
    expect(out.trim()).toMatch(/^SCAN_CHECK_DIGIT Неправильна контрольна цифра/);
  });

  it('an error from one entry is recognised by another (shared brand across the CJS and ESM builds)', () => {
    const out = run('node', [
      '--input-type=module',
      '-e',
      "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); const cjs = require('diia-accept/scanner'); import { isAcceptError } from 'diia-accept'; try { cjs.assertEan13('x') } catch (e) { console.log(isAcceptError(e, 'SCAN_BARCODE_MALFORMED')) }",
    ]);
    expect(out.trim()).toBe('true');
  });

  it.each(['node16', 'bundler'])('types resolve with moduleResolution %s', (resolution) => {
    const module = resolution === 'node16' ? 'node16' : 'esnext';
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'es2022',
          lib: ['es2022', 'dom'],
          module,
          moduleResolution: resolution,
          noEmit: true,
          types: [],
        },
        files: ['check.mts'],
      }),
    );
    writeFileSync(
      join(project, 'check.mts'),
      [
        "import { ean13CheckDigit } from 'diia-accept/scanner';",
        "import { type AcceptErrorCode, isAcceptError } from 'diia-accept';",
        'const digit: number = ean13CheckDigit("285836417086");',
        "const code: AcceptErrorCode = 'SCAN_CHECK_DIGIT';",
        '// @ts-expect-error: not a code of the union',
        "const wrong: AcceptErrorCode = 'NOT_A_CODE';",
        'export { digit, code, wrong, isAcceptError };',
      ].join('\n'),
    );
    expect(() => run(join(project, 'node_modules/.bin/tsc'), ['-p', '.'])).not.toThrow();
  });
});
