// Command-line options of the kiosk. The platform settings have the names the CLI and the other examples
// use (docs/guides/configuration.md); the desk's keyboard layout is named by its locale (en-GB, uk-UA), so
// that `uk` can no longer be read as either the UK English keyboard or Ukrainian.
import { parseArgs as parseNodeArgs } from 'node:util';
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
  readonly help: boolean;
  readonly source: ScannerSource;
  readonly lang: Lang;
  readonly baseUrl: string | undefined;
  readonly branchId: string | undefined;
  readonly partnerKey: string | undefined;
  readonly webhookPort: number | undefined;
  readonly documentTypes: readonly DocumentType[];
  /** One line per deprecated spelling the command line used. */
  readonly warnings: readonly string[];
}

/** The desk's keyboard layouts by locale name, and the SDK's id of each. */
export const DESK_LAYOUTS: Readonly<Record<string, KeyboardLayoutId>> = {
  'en-US': 'us',
  'en-GB': 'uk',
  'uk-UA': 'ua',
  'ru-RU': 'ru',
  'de-DE': 'de',
  'fr-FR': 'fr',
};

/** The short names the kiosk took before, kept for a while with a warning. */
const OLD_LAYOUTS: Readonly<Record<string, string>> = {
  us: 'en-US',
  uk: 'en-GB',
  ua: 'uk-UA',
  ru: 'ru-RU',
  de: 'de-DE',
  fr: 'fr-FR',
};

export const USAGE = `Usage: kiosk (--serial <path> [--baud 9600] [--idle-ms 50] | --hid [--vid 0x0c2e --pid 0x0b61]
              | --stdin [--desk-layout ${Object.keys(DESK_LAYOUTS).join('|')}] [--max-gap-ms 60])
             [--lang en|uk] [--documents passport,driver-license]
             [--base-url https://… --branch <id> --partner-key <jwk file> --webhook-port 8080]
Without --base-url (or DIIA_BASE_URL) the kiosk starts a sandbox platform in this process.
The token comes from DIIA_ACQUIRER_TOKEN; --base-url, --branch and --partner-key default to
DIIA_BASE_URL, DIIA_BRANCH_ID and DIIA_PARTNER_KEY (docs/guides/configuration.md).`;

const OPTIONS = {
  serial: { type: 'string' },
  baud: { type: 'string' },
  'idle-ms': { type: 'string' },
  hid: { type: 'boolean' },
  vid: { type: 'string' },
  pid: { type: 'string' },
  stdin: { type: 'boolean' },
  'desk-layout': { type: 'string' },
  'max-gap-ms': { type: 'string' },
  lang: { type: 'string' },
  'base-url': { type: 'string' },
  branch: { type: 'string' },
  'partner-key': { type: 'string' },
  'webhook-port': { type: 'string' },
  documents: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses argv; throws an Error with a short reason on bad input. */
export function parseArgs(argv: readonly string[]): KioskArgs {
  const { values } = parseNodeArgs({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: false,
  });
  const warnings: string[] = [];
  const lang = values.lang === 'ua' ? 'uk' : (values.lang ?? 'en');
  if (lang !== 'en' && lang !== 'uk') throw new Error('--lang must be en or uk (ua is taken as uk)');
  const base = {
    help: values.help === true,
    lang,
    baseUrl: values['base-url'],
    branchId: values.branch,
    partnerKey: values['partner-key'],
    warnings,
  } as const;
  if (values.help) {
    return {
      ...base,
      source: { kind: 'stdin', deskLayout: 'us', maxGapMs: undefined },
      webhookPort: undefined,
      documentTypes: [],
    };
  }
  const sources = [values.serial !== undefined, values.hid === true, values.stdin === true].filter(
    Boolean,
  ).length;
  if (sources !== 1) throw new Error('choose one of --serial <path>, --hid, --stdin');
  const int = (name: keyof typeof OPTIONS, radix = 10) => {
    const raw = values[name];
    if (typeof raw !== 'string') return undefined;
    const value = radix === 16 ? Number.parseInt(raw.replace(/^0x/i, ''), 16) : Number(raw);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a number`);
    return value;
  };
  let source: ScannerSource;
  if (values.serial !== undefined) {
    source = { kind: 'serial', path: values.serial, baudRate: int('baud') ?? 9600, idleMs: int('idle-ms') };
  } else if (values.hid) {
    source = { kind: 'hid', vendorId: int('vid', 16), productId: int('pid', 16) };
  } else {
    let name = values['desk-layout'] ?? 'en-US';
    const renamed = OLD_LAYOUTS[name];
    if (renamed) {
      warnings.push(`--desk-layout ${name} is deprecated: write ${renamed}`);
      name = renamed;
    }
    const deskLayout = DESK_LAYOUTS[name];
    if (!deskLayout) throw new Error(`--desk-layout must be one of ${Object.keys(DESK_LAYOUTS).join(', ')}`);
    source = { kind: 'stdin', deskLayout, maxGapMs: int('max-gap-ms') };
  }
  const documentTypes = (values.documents ?? 'passport').split(',').map((t) => t.trim());
  for (const type of documentTypes) {
    if (!isDocumentType(type))
      throw new Error(`unknown document type ${type} (${DOCUMENT_TYPES.join(', ')})`);
  }
  return {
    ...base,
    source,
    webhookPort: int('webhook-port'),
    documentTypes: documentTypes as DocumentType[],
  };
}
