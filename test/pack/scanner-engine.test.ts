// The ZXing-C++ engine as users get it: the packed package installed into a fresh project, zxing-wasm
// installed with it as a dependency, and createFrameDecoder() reading the .wasm from that installed package
// (no network, no CDN), through import and through require, whatever the working directory.
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packedConsumer, removeConsumer, run } from './consumer-project.js';

let project: string;

beforeAll(() => {
  project = packedConsumer('engine');
});

afterAll(() => removeConsumer(project));

// "DIIA-ACCEPT" as a version-1 QR code, one row of 21 modules a number, drawn 4 pixels a module.
const FRAME = `
const rows = [2087295, 1067329, 1529181, 1528413, 1530973, 1065025, 2086271, 3072, 1987741, 663967, 217452,
  983464, 846354, 6284, 2080971, 1065978, 1526347, 1528990, 1529480, 1069924, 2086682];
const side = 29 * 4;
const data = new Uint8Array(side * side).fill(255);
for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) {
  const r = Math.floor(y / 4) - 4, c = Math.floor(x / 4) - 4;
  if (r >= 0 && r < 21 && c >= 0 && c < 21 && (rows[r] >> (20 - c)) & 1) data[y * side + x] = 0;
}
const frame = { data, width: side, height: side, format: 'luma' };
`;

describe('the default image engine in a packed install', () => {
  it('loads ZXing-C++ through import and reads a QR code', () => {
    const out = run(
      'node',
      [
        '--input-type=module',
        '-e',
        `import { createFrameDecoder } from 'diia-accept/scanner';${FRAME}
const decoder = await createFrameDecoder();
const symbol = await decoder.decodeFrame(frame);
console.log(decoder.engine, symbol?.text);`,
      ],
      project,
    );
    expect(out.trim()).toBe('zxing-cpp DIIA-ACCEPT');
  });

  it('loads ZXing-C++ through require, from another working directory', () => {
    const out = run(
      'node',
      [
        '-e',
        `const { createFrameDecoder } = require(${JSON.stringify(`${project}/node_modules/diia-accept/dist/scanner/index.cjs`)});${FRAME}
createFrameDecoder().then(async (decoder) => console.log(decoder.engine, (await decoder.decodeFrame(frame))?.text));`,
      ],
      tmpdir(),
    );
    expect(out.trim()).toBe('zxing-cpp DIIA-ACCEPT');
  });
});
