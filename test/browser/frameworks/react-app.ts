// A React 19 page that uses <diia-accept-scanner> the way an app would: props, an event prop, state.
// Plain createElement rather than JSX keeps the page buildable and type-checked without a JSX setup.
import { createElement, useState } from 'react';
import { createRoot } from 'react-dom/client';
import {
  defineScannerElement,
  type ScannerElementError,
  type ScannerElementScan,
} from '../../../src/scanner/browser/index.js';
import { lastScanText, SCAN_OPTIONS } from './shared.js';

defineScannerElement();

function Desk() {
  const [last, setLast] = useState<ScannerElementScan | undefined>();
  const [errors, setErrors] = useState<string[]>([]);
  return createElement(
    'main',
    null,
    createElement('h1', null, 'React'),
    // React 19 treats custom elements natively: a prop whose name is a property of the (defined) element
    // is set as that property, so `camera={false}` and the `scanOptions` object reach the element's
    // setters. A function prop named `on` + the event's exact name becomes addEventListener(name), case
    // kept: `onscan` listens for `scan`, whereas `onScan` would listen for an event called `Scan`.
    // `camera: 'false'` is what JSX `camera="false"` passes: the property must read the string as off.
    createElement('diia-accept-scanner', {
      camera: 'false',
      keyboard: true,
      lang: 'en',
      scanOptions: SCAN_OPTIONS,
      onscan: (event: CustomEvent<ScannerElementScan>) => setLast(event.detail),
      onerror: (event: CustomEvent<ScannerElementError>) => setErrors((all) => [...all, event.detail.code]),
    }),
    createElement('output', { id: 'last-scan', 'data-kind': last?.scan.kind ?? '' }, lastScanText(last)),
    createElement('output', { id: 'errors' }, errors.join(',')),
  );
}

const mount = document.getElementById('app');
if (!mount) throw new Error('no #app');
createRoot(mount).render(createElement(Desk));
