// Bundled for the page of transport.test.ts: puts the shared transport exercise on the page's global object.
import { exerciseTransport } from '../integration/transport-exercise.js';

(globalThis as unknown as { exerciseTransport: typeof exerciseTransport }).exerciseTransport =
  exerciseTransport;
