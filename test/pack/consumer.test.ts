// The package as users get it: packed with `npm pack`, installed into a fresh project, loaded through
// `import` and `require`, and type-checked with the consumer's own TypeScript settings.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedConsumer, removeConsumer, root, run as runIn } from './consumer-project.js';

let project: string;
const run = (command: string, args: string[], cwd = project) => runIn(command, args, cwd);

beforeAll(() => {
  // The consumer's TypeScript is the project's own compiler version, so the test needs no other download.
  const typescript = `typescript@${runIn('node', ['-p', "require('typescript/package.json').version"], root).trim()}`;
  project = packedConsumer('consumer', [typescript]);
});

afterAll(() => removeConsumer(project));

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
