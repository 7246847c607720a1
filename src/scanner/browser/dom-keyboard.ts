/**
 * A keyboard-wedge scanner on a web page: the core wedge decoder fed from DOM key events.
 *
 * @module
 */

import { optionKeys, refuseUnknownOptions } from '../../options.js';
import { checkScanOptions } from '../parse.js';
import { createWedgeDecoder, WEDGE_DECODING_KEYS, type WedgeOptions, type WedgeScan } from '../wedge.js';

/**
 * Options of {@link attachKeyboardScanner}.
 *
 * @example
 * ```ts
 * const options: KeyboardScannerOptions = { onScan: ({ scan }) => check(scan), scannerLayout: 'us' };
 * ```
 */
export interface KeyboardScannerOptions extends Omit<WedgeOptions, 'onScan' | 'clock'> {
  /** Called with every scan. */
  readonly onScan: (scan: WedgeScan) => void;
  /** Where to listen. Default: the whole document. */
  readonly target?: EventTarget;
  /**
   * While an input, text area, select or editable element has the focus, its keys are left alone
   * (`'ignore'`, the default: the operator may be typing there), or read too (`'capture'`): a scan
   * typed into the field is then taken out of it again and reported.
   */
  readonly inFields?: 'ignore' | 'capture';
  /** Cancel the Enter or Tab that ends a scan, so it neither submits a form nor moves the focus. Default true. */
  readonly swallowTerminator?: boolean;
  /** Stops listening. */
  readonly signal?: AbortSignal;
}

/**
 * A keyboard scanner attached to the page.
 *
 * @example
 * ```ts
 * const keyboard: KeyboardScanner = attachKeyboardScanner({ onScan });
 * keyboard.detach();
 * ```
 */
export interface KeyboardScanner {
  /** Stops listening. Idempotent. */
  detach(): void;
}

interface FieldSnapshot {
  readonly field: HTMLInputElement | HTMLTextAreaElement;
  readonly value: string;
  readonly start: number | null;
  readonly end: number | null;
}

/**
 * Listens for a keyboard-wedge scanner. Keys are decoded by their physical position (`code`), so the
 * desk's layout (Ukrainian, Russian …) does not garble the code; bursts slower than a scanner are left
 * to the person typing.
 *
 * @throws {AcceptError} `INVALID_ARGUMENT` for invalid decoder options.
 * @example
 * ```ts
 * import { attachKeyboardScanner } from 'diia-accept/scanner/browser';
 * const controller = new AbortController();
 * attachKeyboardScanner({
 *   signal: controller.signal,
 *   onScan: ({ scan, layoutMismatch }) => {
 *     if (scan.kind === 'barcode') requestCopy(scan.barcode);
 *   },
 * });
 * ```
 */
export function attachKeyboardScanner(options: KeyboardScannerOptions): KeyboardScanner {
  refuseUnknownOptions(
    options,
    optionKeys<KeyboardScannerOptions>({
      onScan: true,
      target: true,
      inFields: true,
      swallowTerminator: true,
      signal: true,
      ...WEDGE_DECODING_KEYS,
    }),
    'attachKeyboardScanner',
  );
  checkScanOptions(options.scan);
  const {
    onScan,
    target = document,
    inFields = 'ignore',
    swallowTerminator = true,
    signal,
    ...wedge
  } = options;
  const decoder = createWedgeDecoder({ ...wedge, clock: { now: () => performance.now() } });
  let snapshot: FieldSnapshot | undefined;
  let idle: ReturnType<typeof setTimeout> | undefined;

  const deliver = (scans: readonly WedgeScan[]) => {
    for (const scan of scans) {
      if (snapshot && inFields === 'capture') {
        snapshot.field.value = snapshot.value;
        snapshot.field.setSelectionRange?.(snapshot.start, snapshot.end);
      }
      snapshot = undefined;
      onScan(scan);
    }
  };

  const onKey = (event: Event) => {
    const key = event as KeyboardEvent;
    if (key.type !== 'keydown' || key.isComposing) return;
    const field = editableTarget(key);
    if (field !== undefined && inFields === 'ignore') return;
    if (!decoder.pending) snapshot = field ? snapshotOf(field) : undefined;
    const scans = decoder.feed(key);
    if (scans.length > 0 && swallowTerminator && (key.key === 'Enter' || key.key === 'Tab')) {
      key.preventDefault();
      key.stopPropagation();
    }
    deliver(scans);
    // Scanners set to end codes with a pause (no Enter) finish only when the keys stop.
    clearTimeout(idle);
    if (decoder.pending) idle = setTimeout(() => deliver(decoder.flush()), (options.maxGapMs ?? 60) + 20);
  };

  let attached = true;
  target.addEventListener('keydown', onKey, { capture: true });
  const detach = () => {
    if (!attached) return;
    attached = false;
    clearTimeout(idle);
    target.removeEventListener('keydown', onKey, { capture: true });
    signal?.removeEventListener('abort', detach);
  };
  if (signal?.aborted) detach();
  else signal?.addEventListener('abort', detach, { once: true });
  return { detach };
}

/** The focused editable element the key goes to: `null` for an editable that is not a text field. */
function editableTarget(event: KeyboardEvent): HTMLInputElement | HTMLTextAreaElement | null | undefined {
  const path = typeof event.composedPath === 'function' ? event.composedPath() : [event.target];
  const element = path[0] as (Element & { isContentEditable?: boolean }) | undefined;
  if (!element || typeof element.tagName !== 'string') return undefined;
  const tag = element.tagName;
  if (tag === 'TEXTAREA') return element as HTMLTextAreaElement;
  if (tag === 'INPUT') {
    const type = (element as HTMLInputElement).type;
    return /^(?:button|checkbox|radio|submit|reset|image|file|range|color)$/.test(type)
      ? undefined
      : (element as HTMLInputElement);
  }
  if (tag === 'SELECT' || element.isContentEditable) return null;
  return undefined;
}

function snapshotOf(field: HTMLInputElement | HTMLTextAreaElement | null): FieldSnapshot | undefined {
  if (!field) return undefined;
  let start: number | null = null;
  let end: number | null = null;
  try {
    start = field.selectionStart;
    end = field.selectionEnd;
  } catch {
    // input types such as email have no selection
  }
  return { field, value: field.value, start, end };
}
