/**
 * QR codes whose byte segments are not plain UTF-8: Shift_JIS and ISO-8859-1 without an ECI (readers must
 * guess), Shift_JIS, windows-1251 and UTF-8 behind an ECI designator (readers must honour it), Kanji mode,
 * and payloads that are no text at all (binary bytes, an ECI no reader knows). Symbols without ECI come from
 * the `qrcode` package (a byte segment with the given bytes); symbols with ECI from ZXing-C++'s writer
 * (`zxing-wasm/writer`, its .wasm read from the installed package).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import QRCode from 'qrcode';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import type { LumaImage } from './symbols.js';

/** One code: the symbol, and the text a reader must return (`null`: the reader must say it cannot tell). */
export interface CharsetCode {
  readonly name: string;
  readonly symbol: LumaImage;
  readonly text: string | null;
  /** The payload bytes (of the byte segments). */
  readonly bytes: Uint8Array;
}

const QUIET = 4;

function withQuietZone(size: number, dark: (row: number, col: number) => boolean): LumaImage {
  const side = size + 2 * QUIET;
  const data = new Uint8ClampedArray(side * side).fill(255);
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (dark(r, c)) data[(r + QUIET) * side + c + QUIET] = 0;
  }
  return { data, width: side, height: side };
}

/** A QR code with one byte segment holding exactly `bytes`, and no ECI. */
export function qrOfBytes(bytes: Uint8Array): LumaImage {
  const { modules } = QRCode.create([{ data: Buffer.from(bytes), mode: 'byte' }], {
    errorCorrectionLevel: 'M',
  });
  return withQuietZone(modules.size, (r, c) => Boolean(modules.get(r, c)));
}

let writerReady: Promise<unknown> | undefined;

/** A QR code with an ECI designator `eci` before one byte segment of `bytes` (ZXing-C++'s writer). */
export async function qrWithEci(bytes: Uint8Array, eci: number): Promise<LumaImage> {
  writerReady ??= readFile(
    createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'),
  ).then((b) =>
    prepareZXingModule({
      overrides: { wasmBinary: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer },
      fireImmediately: true,
    }),
  );
  await writerReady;
  const written = await writeBarcode(bytes, { format: 'QRCode', options: `eci=${eci}`, scale: 1 });
  const symbol = written.symbol;
  if (!symbol || written.error) throw new Error(`writer: ${written.error}`);
  return withQuietZone(symbol.width, (r, c) => symbol.data[r * symbol.width + c] === 0);
}

/** Shift_JIS bytes of `text` (ASCII and the few kanji and kana the samples use). */
export const shiftJis = (text: string) => {
  // The few Shift_JIS byte pairs the samples use (JIS X 0208 rows 4 and 16-48), from the standard's table.
  const table: Record<string, number[]> = {
    あ: [0x82, 0xa0],
    い: [0x82, 0xa2],
    う: [0x82, 0xa4],
    日: [0x93, 0xfa],
    本: [0x96, 0x7b],
    語: [0x8c, 0xea],
    東: [0x93, 0x8c],
    京: [0x8b, 0x9e],
  };
  return new Uint8Array(
    [...text].flatMap((ch) => {
      const pair = table[ch];
      if (pair) return pair;
      if (ch.charCodeAt(0) < 0x80) return [ch.charCodeAt(0)];
      throw new Error(`no Shift_JIS bytes written down for ${ch}`);
    }),
  );
};
/** windows-1251 bytes of `text`. */
export const windows1251 = (text: string) => new Uint8Array([...text].map(encode1251));
function encode1251(ch: string): number {
  const decoder = new TextDecoder('windows-1251');
  for (let b = 0; b < 256; b++) if (decoder.decode(new Uint8Array([b])) === ch) return b;
  throw new Error(`not in windows-1251: ${ch}`);
}
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Every character-set case, each in a few texts. */
export async function charsetCodes(): Promise<CharsetCode[]> {
  const out: CharsetCode[] = [];
  const plain = (name: string, bytes: Uint8Array, text: string | null) =>
    out.push({ name, symbol: qrOfBytes(bytes), text, bytes });
  const eci = async (name: string, bytes: Uint8Array, designator: number, text: string | null) =>
    out.push({ name, symbol: await qrWithEci(bytes, designator), text, bytes });

  for (const text of ['あいう日本語', '東京 https://example.jp/', '日本語']) {
    plain(`Shift_JIS without ECI: ${text}`, shiftJis(text), text);
    await eci(`Shift_JIS with ECI 20: ${text}`, shiftJis(text), 20, text);
  }
  for (const text of ['café naïve', 'Größe: 42 °C', 'Ærø Ñandú'])
    plain(`ISO-8859-1 without ECI: ${text}`, latin1(text), text);
  for (const text of ['Привіт, світ!', 'Дія: посвідчення водія', 'Київ, вул. Хрещатик, 1']) {
    plain(`UTF-8 without ECI: ${text}`, utf8(text), text);
    await eci(`UTF-8 with ECI 26: ${text}`, utf8(text), 26, text);
    await eci(`windows-1251 with ECI 22: ${text}`, windows1251(text), 22, text);
  }
  plain('binary bytes', new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81, 0xfd, 0x90]), null);
  plain(
    'random bytes',
    new Uint8Array([0x9f, 0x00, 0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x8f, 0x1b]),
    null,
  );
  await eci(
    'UTF-8 ECI over bytes that are not UTF-8',
    new Uint8Array([0x41, 0xc3, 0x28, 0x42, 0xe2, 0x82]),
    26,
    null,
  );
  return out;
}

function latin1(text: string): Uint8Array {
  return new Uint8Array([...text].map((ch) => ch.charCodeAt(0)));
}
