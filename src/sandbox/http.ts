/**
 * HTTP plumbing of the sandbox over `node:http`: bodies with a size cap, JSON answers, and the platform's
 * error body `{ code, name, message }` (docs/protocol.md §1.2).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const NAMES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  409: 'CodeUsedError',
  410: 'CodeExpiredError',
  422: 'BadBarcodeError',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
  503: 'ServiceUnavailableError',
};

/** A refusal the router turns into the platform's error answer. */
export class PlatformRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Throws the platform's answer for `status`. */
export function refuse(status: number, message: string, headers?: Record<string, string>): never {
  throw new PlatformRefusal(status, message, headers);
}

/** The error body of the platform for `status`. */
export function errorBody(status: number, message: string) {
  return { code: status, name: NAMES[status] ?? (status >= 500 ? 'InternalServerError' : 'Error'), message };
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Reads a request body up to `limit` bytes; more is a 400 (the platform's limit is unconfirmed). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) refuse(400, 'the request body is too large');
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Parses a JSON object body; anything else is a 400. */
export function parseJsonBody(req: IncomingMessage, bytes: Uint8Array): Record<string, unknown> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(type)) refuse(400, 'the body must be application/json');
  try {
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // fall through to the refusal
  }
  refuse(400, 'the body must be a JSON object');
}
