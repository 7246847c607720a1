/**
 * The messages between the camera loop and its decoding worker. Kept in one place so that both ends read
 * the same shapes.
 *
 * @module
 */

import type { DecodeFrameOptions } from '../decode-contract.js';
import type { DecodeEngine } from '../frame-decoder.js';
import type { Symbology } from '../symbology.js';

/** The first message each way: the page asks for an engine, the worker says what it can do. @internal */
export interface DecodeHello {
  readonly type: 'hello';
  /** The engine to load; default `'auto'`. */
  readonly engine?: DecodeEngine;
}

/** The worker's answer to {@link DecodeHello}. @internal */
export interface DecodeReady {
  readonly type: 'ready';
  /** Whether the worker can turn an `ImageBitmap` into pixels itself (`OffscreenCanvas`). */
  readonly offscreen: boolean;
  /** The engine that loaded; absent when the asked one could not (then `error` says why). */
  readonly engine?: 'zxing-cpp' | 'zxing-js';
  /** The error code when the asked engine did not load. */
  readonly error?: string;
}

/** A symbol as the worker reports it: `text` is `null` (and `bytes` set) when no text can be told safely. @internal */
export interface WorkerSymbol {
  readonly text: string | null;
  readonly format: Symbology;
  readonly bytes?: Uint8Array | undefined;
}

/** One frame to decode: a transferred bitmap, or transferred RGBA pixels. @internal */
export interface DecodeRequest {
  readonly type: 'decode';
  readonly id: number;
  readonly bitmap?: ImageBitmap;
  readonly pixels?: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly options: Pick<DecodeFrameOptions, 'formats' | 'effort' | 'maxSide'>;
}

/** The answer to one {@link DecodeRequest}. @internal */
export interface DecodeAnswer {
  readonly type: 'decoded';
  readonly id: number;
  readonly symbol: WorkerSymbol | null;
  /** Time spent decoding in the worker, ms. */
  readonly decodeMs: number;
  /** The error code when the frame could not be read. */
  readonly error?: string;
}
