/**
 * Runs a web-standard handler (`(Request) => Promise<Response>`, such as the share webhook) on `node:http`:
 * the request body is streamed in, not buffered, so the handler's own size caps apply while reading.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { optionKeys, refuseUnknownOptions } from '../options.js';

/**
 * Options of {@link toNodeListener}.
 *
 * @example
 * ```ts
 * createServer(toNodeListener(webhook, { origin: 'https://partner.example' }));
 * ```
 */
export interface NodeListenerOptions {
  /** The origin used to build the request URL (the Host header is not trusted). Default `http://localhost`. */
  readonly origin?: string;
}

/**
 * Adapts a Fetch-API handler to a `node:http` request listener (also usable as Express/Connect middleware
 * at the end of a chain).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { toNodeListener } from 'diia-accept/node';
 * createServer(toNodeListener(webhook)).listen(8080);
 * ```
 */
export function toNodeListener(
  handler: (request: Request) => Promise<Response>,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  refuseUnknownOptions(options, optionKeys<NodeListenerOptions>({ origin: true }), 'toNodeListener');
  const origin = options.origin ?? 'http://localhost';
  return (req, res) => {
    const controller = new AbortController();
    // Abort only if the client goes away before we answer, not when the request body has been read.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    void (async () => {
      let response: Response;
      try {
        response = await handler(toRequest(req, origin, controller.signal));
        // A handler may answer without reading the whole body (a refusal): then close the connection
        // rather than read the rest of a body nobody wants.
        if (!req.complete) res.setHeader('connection', 'close');
      } catch {
        response = new Response(JSON.stringify({ success: false, error: 'SHARE_FAILED' }), {
          status: 500,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        });
      }
      await writeResponse(response, res);
    })().catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };
}

function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (hasBody) {
    init.body = bodyOf(req);
    init.duplex = 'half';
  }
  return new Request(new URL(req.url ?? '/', origin), init);
}

/**
 * The request body as a web stream with back-pressure. Written by hand because `Readable.toWeb` on Node 20
 * throws `ERR_INVALID_STATE` from a later data event once the consumer has cancelled.
 */
function bodyOf(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.pause();
        req.on('data', (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (done) return;
          done = true;
          controller.close();
        });
        req.once('close', () => {
          if (done || req.complete) return;
          done = true;
          controller.error(new Error('the client closed the connection'));
        });
        req.once('error', (error) => {
          if (done) return;
          done = true;
          controller.error(error);
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        done = true;
        req.resume(); // discard what is still in flight
      },
    },
    { highWaterMark: 4 },
  );
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
  }
  res.end();
}
