// diia-accept/scanner/node as users get it: packed, installed into a fresh project where neither node-hid
// nor serialport is installed (npm does not install optional peer dependencies). The subpath loads, and
// opening a scanner says which package to install.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
  project = mkdtempSync(join(tmpdir(), 'diia-accept-scanner-node-'));
  run('npm', ['pack', '--silent', '--pack-destination', project], root);
  const tarball = readdirSync(project).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack produced no tarball');
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'kiosk', private: true, version: '0.0.0' }),
  );
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${tarball}`]);
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('diia-accept/scanner/node without its optional packages', () => {
  it('npm left node-hid and serialport out', () => {
    expect(existsSync(join(project, 'node_modules', 'node-hid'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'serialport'))).toBe(false);
  });

  it('loads through import and names the package to install when a scanner is opened', () => {
    const out = run('node', [
      '--input-type=module',
      '-e',
      [
        "import { openSerialScanner, findHidPosScanners, scannerUdevRule } from 'diia-accept/scanner/node';",
        "import { isAcceptError } from 'diia-accept';",
        "const serial = await openSerialScanner({ path: '/dev/ttyACM0' }).catch((e) => e);",
        'const hid = await findHidPosScanners().catch((e) => e);',
        "console.log(JSON.stringify([isAcceptError(serial, 'OPTIONAL_DEPENDENCY_MISSING'), serial.message,",
        "  isAcceptError(hid, 'OPTIONAL_DEPENDENCY_MISSING'), hid.message,",
        '  scannerUdevRule({ vendorId: 0x0c2e, productId: 0x0b61 })]));',
      ].join('\n'),
    ]);
    const [serialCoded, serialText, hidCoded, hidText, rule] = JSON.parse(out) as [
      boolean,
      string,
      boolean,
      string,
      string,
    ];
    expect(serialCoded).toBe(true);
    expect(serialText).toContain('npm install serialport');
    expect(hidCoded).toBe(true);
    expect(hidText).toContain('npm install node-hid');
    expect(rule).toContain('ATTRS{idVendor}=="0c2e"');
  });

  it('loads through require (CommonJS) the same way', () => {
    const out = run('node', [
      '-e',
      [
        "const { openSerialScanner } = require('diia-accept/scanner/node');",
        "openSerialScanner({ path: '/dev/ttyACM0' }).catch((e) => console.log(e.code, e.message));",
      ].join('\n'),
    ]);
    expect(out).toMatch(/^OPTIONAL_DEPENDENCY_MISSING .*npm install serialport/);
  });
});
