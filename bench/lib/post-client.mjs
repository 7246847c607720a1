// The platform's side of the webhook benchmark, in a worker thread so that sending does not share the
// server's event loop: posts prepared deliveries to a loopback port, a few at a time over keep-alive
// connections, and reports each answer's status and latency.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

const { deliveries, concurrency } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });

function post(port, delivery) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/diia/webhook', headers: delivery.headers, agent },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(delivery.body);
  });
}

parentPort.on('message', async ({ port, from, to }) => {
  const results = [];
  let next = from;
  const started = performance.now();
  const lane = async () => {
    while (next < to) results.push(await post(port, deliveries[next++]));
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  parentPort.postMessage({ ms: performance.now() - started, results });
});
