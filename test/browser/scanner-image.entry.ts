// Bundled for the browser test: decodeFrame as a page and a Web Worker load it, with nothing but the
// web-standard globals. In a worker it answers messages; in a page the test calls it through `self`.
import { decodeFrame, type ImageFrame } from '../../src/scanner/index.js';

interface Job {
  readonly pixels: string;
  readonly width: number;
  readonly height: number;
  readonly format: ImageFrame['format'];
}

/** Decodes a frame sent as base64 pixels; returns the text, or the error code, or null. */
export function decodeJob(job: Job): { text: string | null; code?: string } {
  const bytes = Uint8Array.from(atob(job.pixels), (c) => c.charCodeAt(0));
  try {
    const symbol = decodeFrame({
      data: new Uint8ClampedArray(bytes.buffer),
      width: job.width,
      height: job.height,
      format: job.format,
    });
    return { text: symbol?.text ?? null };
  } catch (error) {
    return { text: null, code: (error as { code?: string }).code ?? 'UNEXPECTED' };
  }
}

const scope = globalThis as unknown as {
  decodeJob?: typeof decodeJob;
  document?: unknown;
  onmessage?: (event: { data: Job }) => void;
  postMessage?: (message: unknown) => void;
};
scope.decodeJob = decodeJob;
if (scope.document === undefined) {
  scope.onmessage = (event) => scope.postMessage?.(decodeJob(event.data));
}
