// The worker thread of dstuOpenerPool: one dstu opener, fed by the pool one delivery at a time. The time
// of each delivery comes from the pool's clock with the request, so an injected clock holds across threads.
import { parentPort, workerData } from 'node:worker_threads';
import { isAcceptError } from '../errors.js';
import { dstuOpener } from '../profiles/dstu/open.js';
import type { PoolReply, PoolRequest, PoolWorkerData } from './dstu-pool.js';

const data = workerData as PoolWorkerData;
let now = 0;
const opener = dstuOpener({
  keys: data.keys,
  trust: data.trust,
  validity: data.validity,
  clock: { now: () => now },
});

parentPort?.on('message', (request: PoolRequest) => {
  now = request.at;
  opener.open(request.sealed, request.fileName === undefined ? {} : { fileName: request.fileName }).then(
    (opened) => {
      // Hand the plaintext's memory over instead of copying it (a copy first if it shares a larger buffer).
      const whole = opened.content.byteLength === opened.content.buffer.byteLength;
      const file = whole ? opened : { ...opened, content: opened.content.slice() };
      const reply: PoolReply = { id: request.id, file };
      parentPort?.postMessage(reply, [file.content.buffer as ArrayBuffer]);
    },
    (error: unknown) => {
      // Only the code and the developer detail cross: the code is the contract, nothing else is needed.
      const reply: PoolReply = isAcceptError(error)
        ? { id: request.id, code: error.code, ...(error.detail ? { detail: error.detail } : {}) }
        : { id: request.id, code: 'ENVELOPE_MALFORMED', detail: 'unexpected failure in the opener' };
      parentPort?.postMessage(reply);
    },
  );
});
