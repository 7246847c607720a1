/**
 * One delivery attempt: a POST of the multipart body to the partner's webhook over `node:http(s)`, or, as a
 * fault, half the body and then a cut connection.
 *
 * @module
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseJsonObject } from '../json.js';

/** What the partner answered, or why there was no answer. */
export interface PostOutcome {
  readonly status?: number;
  /** `true` only for HTTP 200 with a JSON body whose `success` is `true`. */
  readonly success: boolean;
  readonly error?: string;
}

const ANSWER_LIMIT = 64 * 1024;

/** POSTs `body`; never throws. */
export function postDelivery(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  options: { readonly cut: boolean; readonly timeoutMs: number },
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ success: false, error: 'the webhook URL is not valid' });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(body.length) },
      timeout: options.timeoutMs,
    });
    let settled = false;
    const done = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => done({ success: false, error: error.message }));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= ANSWER_LIMIT) chunks.push(chunk);
      });
      res.on('error', (error) => done({ success: false, status: res.statusCode ?? 0, error: error.message }));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const answer = parseJsonObject(new Uint8Array(Buffer.concat(chunks)));
        done({ status, success: status === 200 && answer.ok && answer.value.success === true });
      });
    });
    if (options.cut) {
      // A connection lost mid-upload: the partner sees a truncated body, the platform no answer.
      req.write(body.subarray(0, Math.floor(body.length / 2)), () => {
        setTimeout(() => req.destroy(new Error('connection cut by the fault "failFirst"')), 10);
      });
    } else {
      req.end(body);
    }
  });
}
