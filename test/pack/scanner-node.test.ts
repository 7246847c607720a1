// diia-accept/scanner/node as users get it: packed, installed into a fresh project where neither node-hid
// nor serialport is installed (npm does not install optional peer dependencies). The subpath loads, and
// opening a scanner says which package to install.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedConsumer, removeConsumer, run as runIn } from './consumer-project.js';

let project: string;
const run = (command: string, args: string[], cwd = project) => runIn(command, args, cwd);

beforeAll(() => {
  project = packedConsumer('kiosk');
});

afterAll(() => removeConsumer(project));

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
