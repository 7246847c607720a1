// Type tests of diia-accept/scanner/browser: they fail at `npm run typecheck` when a signature drifts.
import { describe, expectTypeOf, it } from 'vitest';
import type { AcceptError } from '../../../../src/errors.js';
import {
  attachKeyboardScanner,
  type CameraScan,
  type CameraScanner,
  type CameraScannerOptions,
  connectHidScanner,
  connectSerialScanner,
  defineScannerElement,
  type HidScanner,
  type KeyboardScanner,
  type ScannerElement,
  type ScannerElementEventMap,
  type ScannerElementScan,
  type SerialScanner,
  startCameraScanner,
} from '../../../../src/scanner/browser/index.js';
import type { ParsedScan } from '../../../../src/scanner/scans.js';

describe('public browser scanner types', () => {
  it('every adapter starts asynchronously, except the keyboard, and hands back a handle to stop it', () => {
    expectTypeOf(startCameraScanner).returns.toEqualTypeOf<Promise<CameraScanner>>();
    expectTypeOf(connectHidScanner).returns.toEqualTypeOf<Promise<HidScanner>>();
    expectTypeOf(connectSerialScanner).returns.toEqualTypeOf<Promise<SerialScanner>>();
    expectTypeOf(attachKeyboardScanner).returns.toEqualTypeOf<KeyboardScanner>();
    expectTypeOf<CameraScanner['stop']>().toEqualTypeOf<() => void>();
  });

  it('scans carry the parsed scan; errors are AcceptErrors', () => {
    expectTypeOf<CameraScan['scan']>().toEqualTypeOf<ParsedScan>();
    expectTypeOf<CameraScan['decodedBy']>().toEqualTypeOf<'native' | 'worker' | 'main'>();
    expectTypeOf<NonNullable<CameraScannerOptions['onError']>>().parameter(0).toEqualTypeOf<AcceptError>();
    // @ts-expect-error onScan is required
    const options: CameraScannerOptions = {};
    void options;
  });

  it('the element has typed events and properties', () => {
    expectTypeOf(defineScannerElement).returns.toEqualTypeOf<{ new (): ScannerElement }>();
    expectTypeOf<ScannerElementEventMap['scan']>().toEqualTypeOf<CustomEvent<ScannerElementScan>>();
    expectTypeOf<ScannerElementScan['source']>().toEqualTypeOf<'camera' | 'keyboard'>();
    expectTypeOf<ScannerElement['camera']>().toEqualTypeOf<boolean>();
    expectTypeOf<ScannerElement>().toMatchTypeOf<HTMLElement>();
  });
});
