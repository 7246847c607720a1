/**
 * HTTP plumbing of the sandbox over `node:http`: bodies with a size cap, JSON answers, and the gateway's
 * error body `{ name, message, code, type, data }` (docs/protocol.md §1.2).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonObject } from '../json.js';

const NAMES: Record<number, [string, string]> = {
  400: ['BadRequestError', 'BAD_REQUEST'],
  401: ['UnauthorizedError', 'UNAUTHORIZED'],
  403: ['ForbiddenError', 'FORBIDDEN'],
  404: ['NotFoundError', 'NOT_FOUND'],
  409: ['ConflictError', 'CONFLICT'],
  410: ['GoneError', 'GONE'],
  422: ['UnprocessableEntityError', 'UNPROCESSABLE_ENTITY'],
  429: ['TooManyRequestsError', 'TOO_MANY_REQUESTS'],
  500: ['InternalServerError', 'INTERNAL_SERVER_ERROR'],
  503: ['ServiceUnavailableError', 'SERVICE_UNAVAILABLE'],
};

/** A refusal the router turns into the platform's error answer. */
export class PlatformRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Throws the platform's answer for `status`, with the gateway's `data` where it has any. */
export function refuse(
  status: number,
  message: string,
  headers?: Record<string, string>,
  data?: Record<string, unknown>,
): never {
  throw new PlatformRefusal(status, message, headers, data);
}

/** The gateway's error body for `status`: `{ name, message, code, type, data }`, `code` equal to the status. */
export function errorBody(status: number, message: string, data: Record<string, unknown> = {}) {
  const [name, type] = NAMES[status] ?? (status >= 500 ? NAMES[500]! : ['Error', 'ERROR']);
  return { name, message, code: status, type, data };
}

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
  const parsed = parseJsonObject(bytes);
  if (!parsed.ok) refuse(400, 'the body must be a JSON object');
  return parsed.value;
}
