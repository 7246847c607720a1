/**
 * Turning a symbol's bytes into text without ever guessing wrong in silence. A QR code's byte segments carry
 * no character set unless an ECI says so; readers then guess (UTF-8, Shift_JIS, ISO-8859-1). Every decode
 * here is strict: bytes that are not valid in the named or guessed character set give no text at all, and
 * the symbol is reported with its bytes instead (never a text with U+FFFD replacement characters).
 * Internal to the scanner.
 *
 * @module
 */

/** Thrown inside a reader's character decoding when the bytes are not valid text in their character set. */
export class UndecodableText extends Error {
  constructor(readonly charset: string) {
    super(`bytes are not valid ${charset}`);
  }
}

/** Character set names as readers spell them (zxing's ECI names and aliases), to WHATWG encoding labels. */
const LABELS: Readonly<Record<string, string>> = {
  UTF8: 'utf-8',
  'UTF-8': 'utf-8',
  SJIS: 'shift_jis',
  SHIFT_JIS: 'shift_jis',
  CP1250: 'windows-1250',
  'WINDOWS-1250': 'windows-1250',
  CP1251: 'windows-1251',
  'WINDOWS-1251': 'windows-1251',
  CP1252: 'windows-1252',
  'WINDOWS-1252': 'windows-1252',
  CP1256: 'windows-1256',
  'WINDOWS-1256': 'windows-1256',
  UNICODEBIGUNMARKED: 'utf-16be',
  UNICODEBIG: 'utf-16be',
  'UTF-16BE': 'utf-16be',
  BIG5: 'big5',
  GB18030: 'gb18030',
  GB2312: 'gb18030',
  GBK: 'gb18030',
  EUC_CN: 'gb18030',
  EUC_KR: 'euc-kr',
  'EUC-KR': 'euc-kr',
};

const decoders = new Map<string, TextDecoder>();

/**
 * The text of `bytes` in the character set `name` (a zxing ECI name such as `SJIS`, `UTF8`, `ISO8859_5`,
 * `Cp1251`). Strict: invalid bytes, an unknown character set, or a C0/C1 control byte in a single-byte
 * character set throw {@link UndecodableText}.
 */
export function strictText(bytes: Uint8Array, name: string): string {
  const upper = name.toUpperCase();
  if (upper === 'ASCII' || upper === 'US-ASCII') {
    for (const b of bytes) if (b > 0x7f) throw new UndecodableText(name);
    return latin1(bytes);
  }
  // ISO-8859-1 is the identity on bytes (WHATWG's TextDecoder would read it as windows-1252).
  if (/^ISO-?8859[-_]?1$/.test(upper) || upper === 'ISO88591') {
    for (const b of bytes) if (b >= 0x80 && b < 0xa0) throw new UndecodableText(name);
    return latin1(bytes);
  }
  const iso = /^ISO-?8859[-_]?(\d+)$/.exec(upper);
  const label = iso ? `iso-8859-${iso[1]}` : LABELS[upper];
  if (!label) throw new UndecodableText(name);
  let decoder = decoders.get(label);
  if (!decoder) {
    try {
      decoder = new TextDecoder(label, { fatal: true });
    } catch {
      // A runtime without this encoding (a small-ICU build): the text cannot be told.
      throw new UndecodableText(name);
    }
    decoders.set(label, decoder);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new UndecodableText(name);
  }
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    s += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return s;
}

/**
 * Whether a decoded text can be handed over: no U+FFFD replacement character (a reader's sign that bytes
 * did not fit its character set), unless the payload itself carries one as valid UTF-8.
 */
export function trustworthyText(text: string, bytes: Uint8Array | undefined): boolean {
  if (!text.includes('\ufffd')) return true;
  if (!bytes) return false;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).includes('\ufffd');
  } catch {
    return false;
  }
}
