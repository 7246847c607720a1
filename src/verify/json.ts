/**
 * Strict JSON for JOSE headers and claims. `JSON.parse` keeps the last of two members with the same name,
 * so `{"alg":"ES256","alg":"none"}` means different things to different parsers; RFC 7515 section 5.2
 * lets a verifier reject such input, and this one does. The text is scanned once for structure and
 * duplicate names (compared after unescaping, so `"a"` and `"\u0061"` collide), then handed to
 * `JSON.parse`.
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
const WHITESPACE = /[ \t\n\r]*/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;

class Refusal {
  constructor(readonly failure: StrictJsonFailure) {}
}

/** Parses `text` as JSON, refusing duplicate member names, nesting deeper than 16 and any syntax error. */
export function parseStrictJson(text: string): StrictJsonResult {
  try {
    const end = skipWhitespace(text, scanValue(text, skipWhitespace(text, 0), 0));
    if (end !== text.length) return { ok: false, failure: 'syntax' };
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, failure: error.failure };
    return { ok: false, failure: 'syntax' };
  }
}

function skipWhitespace(text: string, at: number): number {
  WHITESPACE.lastIndex = at;
  WHITESPACE.exec(text);
  return WHITESPACE.lastIndex;
}

function match(pattern: RegExp, text: string, at: number): number {
  pattern.lastIndex = at;
  if (!pattern.exec(text)) throw new Refusal('syntax');
  return pattern.lastIndex;
}

function scanValue(text: string, at: number, depth: number): number {
  const c = text[at];
  if (c === '{') return scanObject(text, at, depth + 1);
  if (c === '[') return scanArray(text, at, depth + 1);
  if (c === '"') return match(STRING, text, at);
  if (c === 't' || c === 'f' || c === 'n') return match(LITERAL, text, at);
  return match(NUMBER, text, at);
}

function scanObject(text: string, at: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new Refusal('too-deep');
  const names = new Set<string>();
  let i = skipWhitespace(text, at + 1);
  if (text[i] === '}') return i + 1;
  for (;;) {
    const nameEnd = match(STRING, text, i);
    // Only a name with an escape needs unescaping to be compared; the rest are their own text.
    const raw = text.slice(i + 1, nameEnd - 1);
    const name = raw.includes('\\') ? (JSON.parse(text.slice(i, nameEnd)) as string) : raw;
    if (names.has(name)) throw new Refusal('duplicate-member');
    names.add(name);
    i = skipWhitespace(text, nameEnd);
    if (text[i] !== ':') throw new Refusal('syntax');
    i = skipWhitespace(text, scanValue(text, skipWhitespace(text, i + 1), depth));
    if (text[i] === '}') return i + 1;
    if (text[i] !== ',') throw new Refusal('syntax');
    i = skipWhitespace(text, i + 1);
  }
}

function scanArray(text: string, at: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new Refusal('too-deep');
  let i = skipWhitespace(text, at + 1);
  if (text[i] === ']') return i + 1;
  for (;;) {
    i = skipWhitespace(text, scanValue(text, i, depth));
    if (text[i] === ']') return i + 1;
    if (text[i] !== ',') throw new Refusal('syntax');
    i = skipWhitespace(text, i + 1);
  }
}

/** Tells whether a value is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
