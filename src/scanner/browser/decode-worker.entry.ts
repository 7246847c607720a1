// The default decoding worker shipped as dist/scanner/browser/decode-worker.js: the camera loop starts it
// with `new Worker(new URL('./decode-worker.js', import.meta.url), { type: 'module' })`. The ZXing-C++
// engine's .wasm is shipped next to it (dist/scanner/browser/zxing_reader.wasm) and fetched from there,
// from the page's own origin, never from a CDN.
import { type DecodeWorkerScope, runDecodeWorker } from './decode-worker.js';

runDecodeWorker(self as unknown as DecodeWorkerScope, {
  wasmUrl: new URL('./zxing_reader.wasm', import.meta.url),
});
