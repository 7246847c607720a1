// The default decoding worker shipped as dist/scanner/browser/decode-worker.js: the camera loop starts it
// with `new Worker(new URL('./decode-worker.js', import.meta.url), { type: 'module' })`.
import { type DecodeWorkerScope, runDecodeWorker } from './decode-worker.js';

runDecodeWorker(self as unknown as DecodeWorkerScope);
