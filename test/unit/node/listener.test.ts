import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { toNodeListener } from '../../../src/node/listener.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function serve(handler: (request: Request) => Promise<Response>): Promise<string> {
  server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('toNodeListener', () => {
  it('passes method, path, headers and the streamed body, and writes the response back', async () => {
    const url = await serve(async (request) => {
      const body = new Uint8Array(await request.arrayBuffer());
      return new Response(
        JSON.stringify({
          method: request.method,
          path: new URL(request.url).pathname,
          trace: request.headers.get('x-document-request-trace-id'),
          size: body.byteLength,
          last: body[body.byteLength - 1],
        }),
        { status: 201, headers: { 'x-answer': 'yes', 'content-type': 'application/json' } },
      );
    });
    const payload = new Uint8Array(3 * 1024 * 1024).fill(7);
    const response = await fetch(`${url}/diia/webhook?x=1`, {
      method: 'POST',
      headers: { 'X-Document-Request-Trace-Id': 'abc-123' },
      body: payload,
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-answer')).toBe('yes');
    expect(await response.json()).toEqual({
      method: 'POST',
      path: '/diia/webhook',
      trace: 'abc-123',
      size: payload.byteLength,
      last: 7,
    });
  });

  it('answers 500 with a code when the handler throws, and keeps serving', async () => {
    let calls = 0;
    const url = await serve(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return new Response(null, { status: 204 });
    });
    const first = await fetch(url, { method: 'POST', body: 'x' });
    expect(first.status).toBe(500);
    expect(await first.json()).toEqual({ success: false, error: 'SHARE_FAILED' });
    expect((await fetch(url)).status).toBe(204);
  });

  it('survives a client that goes away halfway through the body, and one refused before its body is read', async () => {
    const seen: string[] = [];
    const url = await serve(async (request) => {
      if (request.headers.get('x-refuse')) return new Response('no', { status: 404 }); // body never read
      try {
        await request.arrayBuffer();
        seen.push('read');
      } catch {
        seen.push('body failed');
      }
      return new Response('late');
    });
    const { port } = new URL(url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n0123456789');
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
    });
    const refused = await fetch(url, {
      method: 'POST',
      headers: { 'x-refuse': '1' },
      body: new Uint8Array(2 * 1024 * 1024),
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('connection')).toBe('close');
    await vi.waitFor(() => expect(seen).toEqual(['body failed']));
    expect((await fetch(url, { method: 'POST', body: 'ok' })).status).toBe(200);
  });
});
