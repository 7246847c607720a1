// The camera's decoding worker for this page: one call, bundled as its own file by build.mjs. The server
// serves ZXing-C++'s .wasm from the installed zxing-wasm package at /zxing_reader.wasm (no CDN); where it
// cannot compile (no WebAssembly, a CSP without 'wasm-unsafe-eval'), the worker reads with @zxing/library.
import { runDecodeWorker } from 'diia-accept/scanner/browser';

runDecodeWorker(self, { wasmUrl: new URL('/zxing_reader.wasm', self.location.href) });
