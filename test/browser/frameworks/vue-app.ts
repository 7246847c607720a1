// A Vue 3 page that uses <diia-accept-scanner> the way an app would: props, an event prop, reactive state.
// A render function makes the element directly, so no `isCustomElement` compiler option is involved
// (that option only tells the template compiler not to resolve the tag as a component).
import { createApp, defineComponent, h, ref } from 'vue';
import {
  defineScannerElement,
  type ScannerElementError,
  type ScannerElementScan,
} from '../../../src/scanner/browser/index.js';
import { lastScanText, SCAN_OPTIONS } from './shared.js';

defineScannerElement();

const Desk = defineComponent(() => {
  const last = ref<ScannerElementScan | undefined>();
  const errors = ref<string[]>([]);
  return () =>
    h('main', [
      h('h1', 'Vue'),
      // Vue sets a prop as a DOM property when the custom element has that property (`camera`,
      // `scanOptions`), and `onScan` listens for the `scan` event (Vue hyphenates the name after `on`).
      h('diia-accept-scanner', {
        camera: false,
        keyboard: true,
        lang: 'en',
        scanOptions: SCAN_OPTIONS,
        onScan: (event: CustomEvent<ScannerElementScan>) => {
          last.value = event.detail;
        },
        onError: (event: CustomEvent<ScannerElementError>) => {
          errors.value = [...errors.value, event.detail.code];
        },
      }),
      h('output', { id: 'last-scan', 'data-kind': last.value?.scan.kind ?? '' }, lastScanText(last.value)),
      h('output', { id: 'errors' }, errors.value.join(',')),
    ]);
});

createApp(Desk).mount('#app');
