// What both framework pages pass to the element and how they show the last scan.

import type { ScannerElementScan } from '../../../src/scanner/browser/index.js';
import type { ScanOptions } from '../../../src/scanner/parse.js';

/** Set through the element's `scanOptions` property; the test reads it back from the element. */
export const SCAN_OPTIONS: ScanOptions = { allowedHosts: ['diia.app', 'desk.example'], maxLength: 512 };

export function lastScanText(last: ScannerElementScan | undefined): string {
  if (!last) return '';
  return last.scan.kind === 'barcode' ? last.scan.barcode : (last.text ?? '');
}
