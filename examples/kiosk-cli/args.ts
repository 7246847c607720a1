// Command-line options of the kiosk.
import { DOCUMENT_TYPES, type DocumentType, isDocumentType } from '../../src/documents.js';
import type { KeyboardLayoutId } from '../../src/scanner/layouts.js';
import type { Lang } from './messages.js';

export type ScannerSource =
  | {
      readonly kind: 'serial';
      readonly path: string;
      readonly baudRate: number;
      readonly idleMs: number | undefined;
    }
  | { readonly kind: 'hid'; readonly vendorId: number | undefined; readonly productId: number | undefined }
  | { readonly kind: 'stdin'; readonly deskLayout: KeyboardLayoutId; readonly maxGapMs: number | undefined };

export interface KioskArgs {
  readonly source: ScannerSource;
  readonly lang: Lang;
  readonly baseUrl: string | undefined;
  readonly branchId: string | undefined;
  readonly webhookPort: number | undefined;
  readonly documentTypes: readonly DocumentType[];
}

export const USAGE = `Usage: kiosk (--serial <path> [--baud 9600] [--idle-ms 50] | --hid [--vid 0x0c2e --pid 0x0b61] | --stdin [--desk-layout us|uk|ua|ru|de|fr] [--max-gap-ms 60])
             [--lang en|uk] [--documents passport,driver-license]
             [--base-url https://… --branch <id> --webhook-port 8080]   (token: DIIA_ACQUIRER_TOKEN)
Without --base-url the kiosk starts a sandbox platform in this process.`;

const LAYOUTS = ['us', 'uk', 'ua', 'ru', 'de', 'fr'];

/** Parses argv; throws an Error with a short reason on bad input. */
export function parseArgs(argv: readonly string[]): KioskArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const withValue = new Set([
    '--serial',
    '--baud',
    '--idle-ms',
    '--vid',
    '--pid',
    '--desk-layout',
    '--max-gap-ms',
    '--lang',
    '--base-url',
    '--branch',
    '--webhook-port',
    '--documents',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (withValue.has(arg)) {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value`);
      values.set(arg, value);
    } else if (arg === '--hid' || arg === '--stdin') flags.add(arg);
    else throw new Error(`unknown option ${arg}`);
  }
  const sources = [values.has('--serial'), flags.has('--hid'), flags.has('--stdin')].filter(Boolean).length;
  if (sources !== 1) throw new Error('choose one of --serial <path>, --hid, --stdin');
  const int = (name: string, radix = 10) => {
    const raw = values.get(name);
    if (raw === undefined) return undefined;
    const value = radix === 16 ? Number.parseInt(raw.replace(/^0x/i, ''), 16) : Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a number`);
    return value;
  };
  let source: ScannerSource;
  if (values.has('--serial')) {
    source = {
      kind: 'serial',
      path: values.get('--serial')!,
      baudRate: int('--baud') ?? 9600,
      idleMs: int('--idle-ms'),
    };
  } else if (flags.has('--hid')) {
    source = { kind: 'hid', vendorId: int('--vid', 16), productId: int('--pid', 16) };
  } else {
    const deskLayout = values.get('--desk-layout') ?? 'us';
    if (!LAYOUTS.includes(deskLayout)) throw new Error(`--desk-layout must be one of ${LAYOUTS.join(', ')}`);
    source = { kind: 'stdin', deskLayout: deskLayout as KeyboardLayoutId, maxGapMs: int('--max-gap-ms') };
  }
  const lang = values.get('--lang') ?? 'en';
  if (lang !== 'en' && lang !== 'uk') throw new Error('--lang must be en or uk');
  const documentTypes = (values.get('--documents') ?? 'passport').split(',').map((t) => t.trim());
  for (const type of documentTypes) {
    if (!isDocumentType(type))
      throw new Error(`unknown document type ${type} (${DOCUMENT_TYPES.join(', ')})`);
  }
  return {
    source,
    lang,
    baseUrl: values.get('--base-url'),
    branchId: values.get('--branch'),
    webhookPort: int('--webhook-port'),
    documentTypes: documentTypes as DocumentType[],
  };
}
