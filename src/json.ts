/**
 * Strict JSON, the one parser of the SDK for what arrives from outside (token headers and claims, delivery
 * metadata, platform answers). `JSON.parse` keeps the last of two members with the same name,
 * so `{"alg":"ES256","alg":"none"}` means different things to different parsers; RFC 7515 section 5.2
 * lets a verifier reject such input, and this one does. The text is parsed in one pass that builds the
 * value and refuses a member whose name (after unescaping, so `"a"` and `"\u0061"` collide) the object
 * already has: every token is verified this way, so the parse must not cost a second scan.
 *
 * @internal
 * @module
 */

/** Why a text is not strict JSON. */
export type StrictJsonFailure = 'syntax' | 'duplicate-member' | 'too-deep';

/** The parsed value, or why it was refused. */
export type StrictJsonResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly failure: StrictJsonFailure };

const MAX_DEPTH = 16;

class Refusal {
  constructor(readonly failure: StrictJsonFailure) {}
}

/** Parses `text` as JSON, refusing duplicate member names, nesting deeper than 16 and any syntax error. */
export function parseStrictJson(text: string): StrictJsonResult {
  try {
    const reader = new Reader(text);
    reader.skipWhitespace();
    const value = reader.value(0);
    reader.skipWhitespace();
    if (reader.at !== text.length) return { ok: false, failure: 'syntax' };
    return { ok: true, value };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, failure: error.failure };
    return { ok: false, failure: 'syntax' };
  }
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** RFC 8259 grammar, one character code at a time. */
class Reader {
  at = 0;
  constructor(readonly text: string) {}

  skipWhitespace(): void {
    const { text } = this;
    let c = text.charCodeAt(this.at);
    while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) c = text.charCodeAt(++this.at);
  }

  expect(code: number): void {
    if (this.text.charCodeAt(this.at) !== code) throw new Refusal('syntax');
    this.at++;
  }

  value(depth: number): unknown {
    const c = this.text.charCodeAt(this.at);
    if (c === 0x7b) return this.object(depth + 1);
    if (c === 0x5b) return this.array(depth + 1);
    if (c === 0x22) return this.string();
    if (c === 0x74) return this.literal('true', true);
    if (c === 0x66) return this.literal('false', false);
    if (c === 0x6e) return this.literal('null', null);
    return this.number();
  }

  object(depth: number): Record<string, unknown> {
    if (depth > MAX_DEPTH) throw new Refusal('too-deep');
    const object: Record<string, unknown> = {};
    this.at++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at++;
      return object;
    }
    for (;;) {
      if (this.text.charCodeAt(this.at) !== 0x22) throw new Refusal('syntax');
      const name = this.string();
      if (Object.hasOwn(object, name)) throw new Refusal('duplicate-member');
      this.skipWhitespace();
      this.expect(0x3a);
      this.skipWhitespace();
      const value = this.value(depth);
      // As JSON.parse does: "__proto__" is an own member, never the object's prototype.
      if (name === '__proto__')
        Object.defineProperty(object, name, { value, writable: true, enumerable: true, configurable: true });
      else object[name] = value;
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.at++);
      if (next === 0x7d) return object;
      if (next !== 0x2c) throw new Refusal('syntax');
      this.skipWhitespace();
    }
  }

  array(depth: number): unknown[] {
    if (depth > MAX_DEPTH) throw new Refusal('too-deep');
    const array: unknown[] = [];
    this.at++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.at) === 0x5d) {
      this.at++;
      return array;
    }
    for (;;) {
      array.push(this.value(depth));
      this.skipWhitespace();
      const next = this.text.charCodeAt(this.at++);
      if (next === 0x5d) return array;
      if (next !== 0x2c) throw new Refusal('syntax');
      this.skipWhitespace();
    }
  }

  /** A string starting at the opening quote; escapes are checked here and unescaped by JSON.parse. */
  string(): string {
    const { text } = this;
    const start = this.at++;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(this.at++);
      if (c === 0x22) break;
      if (c < 0x20 || Number.isNaN(c)) throw new Refusal('syntax');
      if (c !== 0x5c) continue;
      escaped = true;
      const e = text.charCodeAt(this.at++);
      if (e === 0x75) {
        for (let i = 0; i < 4; i++) if (!isHex(text.charCodeAt(this.at++))) throw new Refusal('syntax');
      } else if (!(e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e)) {
        if (!(e === 0x72 || e === 0x74)) throw new Refusal('syntax');
      }
    }
    return escaped ? (JSON.parse(text.slice(start, this.at)) as string) : text.slice(start + 1, this.at - 1);
  }

  literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.at)) throw new Refusal('syntax');
    this.at += word.length;
    return value;
  }

  /** `-? (0 | [1-9] digits) (. digits)? ([eE] [+-]? digits)?`, converted as JSON.parse converts it. */
  number(): number {
    const { text } = this;
    const start = this.at;
    if (text.charCodeAt(this.at) === 0x2d) this.at++;
    const first = text.charCodeAt(this.at);
    if (first === 0x30) this.at++;
    else if (first >= 0x31 && first <= 0x39) this.digits();
    else throw new Refusal('syntax');
    if (text.charCodeAt(this.at) === 0x2e) {
      this.at++;
      this.digits();
    }
    const e = text.charCodeAt(this.at);
    if (e === 0x65 || e === 0x45) {
      const sign = text.charCodeAt(++this.at);
      if (sign === 0x2b || sign === 0x2d) this.at++;
      this.digits();
    }
    return Number(text.slice(start, this.at));
  }

  /** One or more digits. */
  digits(): void {
    if (!isDigit(this.text.charCodeAt(this.at))) throw new Refusal('syntax');
    while (isDigit(this.text.charCodeAt(this.at))) this.at++;
  }
}

/** Tells whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why bytes or a text are not a strict JSON object. */
export type JsonObjectFailure = StrictJsonFailure | 'encoding' | 'not-an-object';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a strict JSON object from a text or from bytes that must be UTF-8 (a byte-order mark is refused as
 * a syntax error, as RFC 8259 section 8.1 lets a parser do). Callers turn the failure into their own code.
 */
export function parseJsonObject(
  input: string | Uint8Array,
):
  | { readonly ok: true; readonly value: Record<string, unknown> }
  | { readonly ok: false; readonly failure: JsonObjectFailure } {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = isShortAscii(input)
        ? String.fromCharCode.apply(null, input as unknown as number[])
        : utf8.decode(input);
    } catch {
      return { ok: false, failure: 'encoding' };
    }
  }
  const parsed = parseStrictJson(text);
  if (!parsed.ok) return parsed;
  if (!isJsonObject(parsed.value)) return { ok: false, failure: 'not-an-object' };
  return { ok: true, value: parsed.value };
}

/**
 * Headers, claims and metadata are short ASCII almost always; for those, building the string from the char
 * codes skips the decoder's per-call cost (a good part of a token's parse).
 */
function isShortAscii(bytes: Uint8Array): boolean {
  if (bytes.length > 2048) return false;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}
