/**
 * The symbologies {@link decodeFrame} reads and the zxing readers behind them. Internal to the scanner.
 *
 * @module
 */
import {
  AztecCodeReader,
  BarcodeFormat,
  type BinaryBitmap,
  DataMatrixReader,
  DecodeHintType,
  MultiFormatOneDReader,
  PDF417Reader,
  QRCodeReader,
  type Reader,
  type Result,
  ZXingStringEncoding,
} from '@zxing/library';
import { strictText } from './charset.js';
import { SYMBOLOGIES, type Symbology } from './symbology.js';

const ZXING_FORMAT: Record<Symbology, BarcodeFormat> = {
  'qr-code': BarcodeFormat.QR_CODE,
  'ean-13': BarcodeFormat.EAN_13,
  'code-128': BarcodeFormat.CODE_128,
  pdf417: BarcodeFormat.PDF_417,
  'data-matrix': BarcodeFormat.DATA_MATRIX,
  aztec: BarcodeFormat.AZTEC,
};

/** The symbology of a zxing result format, if it is one of ours. */
export function symbologyOf(format: BarcodeFormat): Symbology | undefined {
  for (const s of SYMBOLOGIES) if (ZXING_FORMAT[s] === format) return s;
  return undefined;
}

/** What a reader found: zxing's result, and whether some of its bytes were not text in their character set. */
export interface SymbolRead {
  readonly result: Result;
  /** A byte segment was not valid in its ECI character set, or in the one zxing guessed without an ECI. */
  readonly undecodable: boolean;
}

/** A reader for some symbologies, with the hints it needs. */
export interface SymbolReader {
  readonly oneD: boolean;
  decode(bitmap: BinaryBitmap): SymbolRead | null;
}

type CharacterDecoder = (bytes: Uint8Array, encodingName: string) => string;

function reader(make: () => Reader, formats: readonly BarcodeFormat[], oneD: boolean): SymbolReader {
  const instance = make();
  // No CHARACTER_SET hint: zxing then honours an ECI and otherwise guesses (UTF-8, Shift_JIS, ISO-8859-1)
  // from the bytes. Forcing UTF-8 turned Shift_JIS and Latin-1 payloads into U+FFFD replacement characters.
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.POSSIBLE_FORMATS, formats]]);
  let undecodable = false;
  // zxing's own character decoding is lenient (U+FFFD for bad bytes) and, outside a browser window, cannot
  // read ISO-8859-1 at all. For the span of one synchronous decode call it goes through the strict decoder;
  // the previous hook is put back right after, so other users of @zxing/library see no change.
  const strict: CharacterDecoder = (bytes, name) => {
    try {
      return strictText(bytes, name);
    } catch {
      undecodable = true;
      return '\ufffd';
    }
  };
  const encoding = ZXingStringEncoding as unknown as { customDecoder?: CharacterDecoder | undefined };
  return {
    oneD,
    decode(bitmap) {
      undecodable = false;
      const previous = encoding.customDecoder;
      encoding.customDecoder = strict;
      try {
        return { result: instance.decode(bitmap, hints), undecodable };
      } catch {
        // zxing signals "not here" by throwing (NotFound, Checksum, Format, and on odd images also
        // ArrayIndexOutOfBounds); to a camera loop every one of them means "no symbol in this attempt".
        return null;
      } finally {
        encoding.customDecoder = previous;
        instance.reset();
      }
    },
  };
}

/**
 * Readers for `wanted`, two-dimensional first in the order asked, then one reader for all the 1-D ones
 * (they share a row scan).
 */
export function readersFor(wanted: readonly Symbology[]): SymbolReader[] {
  const out: SymbolReader[] = [];
  for (const s of wanted) {
    if (s === 'qr-code') out.push(reader(() => new QRCodeReader(), [BarcodeFormat.QR_CODE], false));
    if (s === 'data-matrix')
      out.push(reader(() => new DataMatrixReader(), [BarcodeFormat.DATA_MATRIX], false));
    if (s === 'aztec') out.push(reader(() => new AztecCodeReader(), [BarcodeFormat.AZTEC], false));
    if (s === 'pdf417') out.push(reader(() => new PDF417Reader(), [BarcodeFormat.PDF_417], false));
  }
  const oneD = wanted.filter((s) => s === 'ean-13' || s === 'code-128').map((s) => ZXING_FORMAT[s]);
  if (oneD.length > 0) {
    const hints = new Map([[DecodeHintType.POSSIBLE_FORMATS, oneD]]);
    out.push(reader(() => new MultiFormatOneDReader(hints as never), oneD, true));
  }
  return out;
}
