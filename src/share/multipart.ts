/**
 * A streaming `multipart/form-data` (and `multipart/mixed`) parser (RFC 7578 over RFC 2046 §5.1) for webhook
 * deliveries. It reads a
 * web `ReadableStream` chunk by chunk, holds at most one part's bytes plus a delimiter's worth of look-ahead,
 * and stops reading as soon as a cap is crossed, so a hostile body costs little.
 *
 * @module
 */
import { concatBytes } from '../bytes.js';
import { AcceptError } from '../errors.js';
import { indexOf, type PartHeaders, parsePartHeaders, splitParams, startsWith } from './multipart-headers.js';

/**
 * Caps on a multipart body. Every cap that is crossed fails the parse with `WEBHOOK_TOO_LARGE`.
 *
 * @example
 * ```ts
 * const limits: MultipartLimits = { maxTotalBytes: 8 * 1024 * 1024, maxParts: 8 };
 * ```
 */
export interface MultipartLimits {
  /** The whole body, bytes. Default 32 MiB. */
  readonly maxTotalBytes?: number;
  /** The number of parts. Default 32. */
  readonly maxParts?: number;
  /** One part's body, bytes. Default 16 MiB. */
  readonly maxPartBytes?: number;
  /** One part's header block, bytes. Default 8 KiB. */
  readonly maxHeaderBytes?: number;
}

/** One part of a parsed form. */
export interface FormPart extends PartHeaders {
  /** Its body. */
  readonly bytes: Uint8Array;
}

/**
 * Per-part caps by kind: called once a part's headers are read, it returns the most bytes that part may
 * have (or undefined for the general `maxPartBytes`). A part over its own cap fails the parse with
 * `WEBHOOK_PART_TOO_LARGE` while it streams, before anything opens it.
 */
export type PartCapOf = (part: { readonly name: string; readonly filename?: string }) => number | undefined;

/**
 * The caps used when none are given.
 *
 * @example
 * ```ts
 * import { DEFAULT_MULTIPART_LIMITS } from 'diia-accept/share';
 * const limits = { ...DEFAULT_MULTIPART_LIMITS, maxParts: 8 };
 * ```
 */
export const DEFAULT_MULTIPART_LIMITS: Required<MultipartLimits> = Object.freeze({
  maxTotalBytes: 32 * 1024 * 1024,
  maxParts: 32,
  maxPartBytes: 16 * 1024 * 1024,
  maxHeaderBytes: 8 * 1024,
});

// RFC 2046 §5.1.1: 1 to 70 characters from bchars, not ending with a space.
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
const CRLF_CRLF = new Uint8Array([13, 10, 13, 10]);

/**
 * Reads the boundary out of a `Content-Type` header; anything but `multipart/form-data` or `multipart/mixed`
 * (which the platform's deliveries may also use) with a valid boundary fails with `WEBHOOK_CONTENT_TYPE`.
 */
export function boundaryOf(contentType: string | null | undefined): string {
  const fail = (detail: string) => new AcceptError('WEBHOOK_CONTENT_TYPE', { detail });
  if (!contentType || contentType.length > 512) throw fail('missing or too long');
  const [type, ...params] = splitParams(contentType);
  const kind = type.toLowerCase();
  if (kind !== 'multipart/form-data' && kind !== 'multipart/mixed')
    throw fail('not multipart/form-data or multipart/mixed');
  for (const [key, value] of params) {
    if (key === 'boundary') {
      if (!BOUNDARY.test(value)) throw fail('the boundary is not valid');
      return value;
    }
  }
  throw fail('no boundary');
}

/**
 * Parses a `multipart/form-data` body. Fails with `WEBHOOK_TOO_LARGE` when a cap is crossed,
 * `WEBHOOK_MULTIPART_MALFORMED` when the body does not follow RFC 7578, and `ABORTED` when `signal` fires;
 * nothing else escapes.
 */
export async function parseMultipart(
  body: ReadableStream<Uint8Array> | null,
  boundary: string,
  limits: MultipartLimits = {},
  signal?: AbortSignal,
  options: { readonly capOf?: PartCapOf } = {},
): Promise<FormPart[]> {
  const caps = { ...DEFAULT_MULTIPART_LIMITS, ...limits };
  if (!BOUNDARY.test(boundary)) throw new AcceptError('INVALID_ARGUMENT', { detail: 'bad boundary' });
  if (!body) throw malformed('the body is empty');
  const scanner = new PartScanner(boundary, caps, options.capOf);
  const reader = body.getReader();
  let total = 0;
  try {
    for (;;) {
      if (signal?.aborted) throw new AcceptError('ABORTED', { cause: signal.reason });
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        throw new AcceptError(signal?.aborted ? 'ABORTED' : 'WEBHOOK_MULTIPART_MALFORMED', {
          cause,
          detail: 'the body stream failed',
        });
      }
      if (chunk.done) break;
      if (!(chunk.value instanceof Uint8Array)) throw malformed('the body is not bytes');
      total += chunk.value.byteLength;
      if (total > caps.maxTotalBytes) throw tooLarge('the body');
      scanner.push(chunk.value);
    }
    return scanner.finish();
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
}

type Phase = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'epilogue';

/** The state of one parse: fed chunk by chunk, yields finished parts. */
class PartScanner {
  private readonly opening: Uint8Array; // "--boundary" at the very start of the body
  private readonly delimiter: Uint8Array; // "\r\n--boundary" everywhere else
  private readonly caps: Required<MultipartLimits>;
  private buffer: Uint8Array = new Uint8Array(0);
  private phase: Phase = 'preamble';
  private atStart = true;
  private readonly parts: FormPart[] = [];
  private head: PartHeaders | undefined;
  private chunks: Uint8Array[] = [];
  private partSize = 0;
  private partCap = 0;
  private readonly capOf: PartCapOf | undefined;

  constructor(boundary: string, caps: Required<MultipartLimits>, capOf?: PartCapOf) {
    this.opening = new TextEncoder().encode(`--${boundary}`);
    this.delimiter = new TextEncoder().encode(`\r\n--${boundary}`);
    this.caps = caps;
    this.capOf = capOf;
  }

  push(chunk: Uint8Array): void {
    this.buffer = this.buffer.byteLength === 0 ? chunk : concatBytes([this.buffer, chunk]);
    while (this.step()) {
      // each step consumes from the buffer or changes phase
    }
  }

  finish(): FormPart[] {
    if (this.phase !== 'epilogue') throw malformed('the body ends before the closing boundary');
    return this.parts;
  }

  /** Advances as far as the buffered bytes allow; false when more input is needed. */
  private step(): boolean {
    const buf = this.buffer;
    switch (this.phase) {
      case 'preamble': {
        // The preamble is ignored (RFC 2046), but the first delimiter may lack its leading CRLF.
        if (this.atStart) {
          if (buf.byteLength < this.opening.byteLength) return false;
          this.atStart = false;
          if (startsWith(buf, this.opening, 0))
            return this.consume(this.opening.byteLength, 'after-delimiter');
        }
        const at = indexOf(buf, this.delimiter, 0);
        if (at >= 0) return this.consume(at + this.delimiter.byteLength, 'after-delimiter');
        this.keepTail(this.delimiter.byteLength - 1);
        return false;
      }
      case 'after-delimiter': {
        // Either "--" (the close delimiter) or optional linear white space then CRLF.
        let i = 0;
        while (i < buf.byteLength && (buf[i] === 0x20 || buf[i] === 0x09)) i++;
        if (i > 64) throw malformed('too much padding after a boundary');
        if (buf.byteLength < i + 2) return false;
        if (i === 0 && buf[0] === 0x2d && buf[1] === 0x2d) return this.consume(2, 'epilogue');
        if (buf[i] !== 13 || buf[i + 1] !== 10) throw malformed('a boundary is followed by garbage');
        if (this.parts.length >= this.caps.maxParts) throw tooLarge('too many parts');
        return this.consume(i + 2, 'headers');
      }
      case 'headers': {
        if (buf.byteLength >= 2 && buf[0] === 13 && buf[1] === 10) throw malformed('a part has no headers');
        const end = indexOf(buf, CRLF_CRLF, 0);
        if (end === -1) {
          if (buf.byteLength > this.caps.maxHeaderBytes) throw tooLarge('a part header');
          return false;
        }
        if (end > this.caps.maxHeaderBytes) throw tooLarge('a part header');
        this.head = parsePartHeaders(buf.subarray(0, end));
        this.chunks = [];
        this.partSize = 0;
        const own = this.capOf?.(this.head);
        this.partCap = own === undefined ? Number.POSITIVE_INFINITY : own;
        return this.consume(end + 4, 'body');
      }
      case 'body': {
        const at = indexOf(buf, this.delimiter, 0);
        if (at === -1) {
          const keep = this.delimiter.byteLength - 1;
          if (buf.byteLength > keep) this.addToPart(buf.subarray(0, buf.byteLength - keep));
          this.keepTail(keep);
          return false;
        }
        this.addToPart(buf.subarray(0, at));
        this.parts.push({
          ...this.head!,
          bytes: this.chunks.length === 1 ? this.chunks[0]! : concatBytes(this.chunks),
        });
        this.chunks = [];
        return this.consume(at + this.delimiter.byteLength, 'after-delimiter');
      }
      case 'epilogue':
        // Ignored (RFC 2046), but still counted against the total by the reader loop.
        this.buffer = new Uint8Array(0);
        return false;
    }
  }

  private addToPart(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.partSize += bytes.byteLength;
    if (this.partSize > this.caps.maxPartBytes) throw tooLarge('a part');
    if (this.partSize > this.partCap) {
      throw new AcceptError('WEBHOOK_PART_TOO_LARGE', { detail: 'a part is over the cap of its kind' });
    }
    // Copy, so the part never pins the (possibly much larger) chunk it came from.
    this.chunks.push(bytes.slice());
  }

  private consume(count: number, next: Phase): boolean {
    this.buffer = this.buffer.subarray(count);
    this.phase = next;
    return true;
  }

  private keepTail(count: number): void {
    if (this.buffer.byteLength > count) this.buffer = this.buffer.slice(this.buffer.byteLength - count);
  }
}

const malformed = (detail: string) => new AcceptError('WEBHOOK_MULTIPART_MALFORMED', { detail });
const tooLarge = (what: string) =>
  new AcceptError('WEBHOOK_TOO_LARGE', { detail: `${what} is over the limit` });
