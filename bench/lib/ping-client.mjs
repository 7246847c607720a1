// The cheap request of the opener-pool benchmark, from a worker thread (its own event loop): a GET every
// few milliseconds over a keep-alive connection for a given time, reporting each answer's latency.
import { Agent, get } from 'node:http';
import { parentPort } from 'node:worker_threads';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const ping = (port) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    get({ host: '127.0.0.1', port, path: '/ping', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    }).on('error', reject);
  });

parentPort.on('message', async ({ port, ms, every }) => {
  const latencies = [];
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const started = performance.now();
    latencies.push(await ping(port));
    const wait = every - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  parentPort.postMessage(latencies);
});
