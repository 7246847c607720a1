// The camera's decoding worker for this page: one call, bundled as its own file by build.mjs.
import { runDecodeWorker } from 'diia-accept/scanner/browser';

runDecodeWorker(self);
