/**
 * `<diia-accept-scanner>`: camera and keyboard scanning as one custom element for front-desk software,
 * usable from plain HTML, React, Vue and Angular alike. Nothing is defined on import (the package has no
 * side effects): call {@link defineScannerElement} once.
 *
 * @module
 */
import { AcceptError, describeError, isAcceptError, type Language } from '../../errors.js';
import type { KeyboardLayoutId } from '../layouts.js';
import type { ScanOptions } from '../parse.js';
import { type CameraScanner, startCameraScanner } from './camera.js';
import { attachKeyboardScanner, type KeyboardScanner } from './dom-keyboard.js';
import type { ScannerElement, ScannerElementScan } from './element-types.js';
import { ELEMENT_STYLE, ELEMENT_TEXT } from './element-view.js';

/**
 * A boolean attribute, where `"false"` also means off: React 18 and some templating write `camera="false"`
 * for a false value instead of leaving the attribute out.
 */
function flag(element: Element, name: string): boolean {
  const value = element.getAttribute(name);
  return value !== null && value !== 'false';
}

/**
 * A value given to a boolean property, read the same way: React 19 sets properties and passes a JSX string
 * as it is, so `camera="false"` arrives here as the string `"false"`, which must mean off.
 */
function isOn(value: unknown): boolean {
  return value === 'false' ? false : Boolean(value);
}

const UPGRADED = ['camera', 'keyboard', 'paused', 'deviceId', 'scanOptions', 'worker'] as const;

const OBSERVED = [
  'camera',
  'keyboard',
  'paused',
  'device-id',
  'lang',
  'cooldown',
  'max-fps',
  'scanner-layout',
  'worker-url',
];

/**
 * Defines `<diia-accept-scanner>` (or the element under another name) and returns its class. Safe to call
 * more than once.
 *
 * @example
 * ```html
 * <diia-accept-scanner camera keyboard lang="uk"></diia-accept-scanner>
 * <script type="module">
 *   import { defineScannerElement } from 'diia-accept/scanner/browser';
 *   defineScannerElement();
 *   document.querySelector('diia-accept-scanner').addEventListener('scan', (e) => console.log(e.detail.scan));
 * </script>
 * ```
 */
export function defineScannerElement(name = 'diia-accept-scanner'): { new (): ScannerElement } {
  const existing = customElements.get(name);
  if (existing) return existing as unknown as { new (): ScannerElement };

  class DiiaAcceptScanner extends HTMLElement {
    static observedAttributes = OBSERVED;
    #scanOptions: ScanOptions | undefined;
    #worker: Worker | URL | string | false | undefined;
    #camera: CameraScanner | undefined;
    #starting: AbortController | undefined;
    #restartQueued = false;
    #keyboard: KeyboardScanner | undefined;
    #status: HTMLElement;
    #video: HTMLVideoElement;

    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = ELEMENT_STYLE;
      this.#video = Object.assign(document.createElement('video'), { muted: true, playsInline: true });
      this.#video.setAttribute('part', 'video');
      this.#video.setAttribute('aria-hidden', 'true');
      const frame = document.createElement('div');
      frame.setAttribute('part', 'frame');
      frame.className = 'frame';
      this.#status = document.createElement('p');
      this.#status.setAttribute('part', 'status');
      this.#status.setAttribute('role', 'status');
      const slot = document.createElement('slot');
      root.append(style, this.#video, frame, this.#status, slot);
    }

    get camera() {
      return flag(this, 'camera');
    }
    set camera(on: boolean) {
      this.toggleAttribute('camera', isOn(on));
    }
    get keyboard() {
      return flag(this, 'keyboard');
    }
    set keyboard(on: boolean) {
      this.toggleAttribute('keyboard', isOn(on));
    }
    get paused() {
      return flag(this, 'paused');
    }
    set paused(on: boolean) {
      this.toggleAttribute('paused', isOn(on));
    }
    get deviceId() {
      return this.getAttribute('device-id') ?? '';
    }
    set deviceId(id: string) {
      if (id) this.setAttribute('device-id', id);
      else this.removeAttribute('device-id');
    }
    get scanOptions() {
      return this.#scanOptions;
    }
    set scanOptions(options: ScanOptions | undefined) {
      this.#scanOptions = options;
      this.#restartCamera();
      this.#restartKeyboard();
    }
    get worker() {
      return this.#worker ?? this.getAttribute('worker-url') ?? undefined;
    }
    set worker(worker: Worker | URL | string | false | undefined) {
      this.#worker = worker;
      this.#restartCamera();
    }
    get cameraScanner() {
      return this.#camera;
    }

    connectedCallback() {
      // Frameworks may set properties before the element is defined; those landed on the instance and
      // hide the accessors. Pass them through the accessors now.
      for (const name of UPGRADED) {
        if (!Object.hasOwn(this, name)) continue;
        const value = (this as Record<string, unknown>)[name];
        delete (this as Record<string, unknown>)[name];
        (this as Record<string, unknown>)[name] = value;
      }
      this.#restartCamera();
      this.#restartKeyboard();
    }
    disconnectedCallback() {
      this.#stopCamera();
      this.#keyboard?.detach();
      this.#keyboard = undefined;
    }
    attributeChangedCallback(attribute: string, before: string | null, after: string | null) {
      if (before === after || !this.isConnected) return;
      if (attribute === 'paused') {
        if (this.paused) this.#camera?.pause();
        else this.#camera?.resume();
      } else if (attribute === 'keyboard' || attribute === 'scanner-layout') this.#restartKeyboard();
      else if (attribute === 'lang') this.#say(this.#camera ? 'ready' : 'idle');
      else this.#restartCamera();
    }

    get #language(): Language {
      return this.getAttribute('lang') === 'en' ? 'en' : 'uk';
    }
    #say(key: keyof (typeof ELEMENT_TEXT)['en'], text?: string) {
      this.#status.textContent = text ?? ELEMENT_TEXT[this.#language][key];
    }
    #emitScan(detail: ScannerElementScan) {
      if (this.paused) return;
      this.dispatchEvent(new CustomEvent('scan', { detail, bubbles: true, composed: true }));
    }
    #emitError(error: unknown) {
      const accepted = isAcceptError(error) ? error : new AcceptError('CAMERA_UNSUPPORTED', { cause: error });
      const message = describeError(accepted, this.#language);
      this.#say('idle', message);
      this.dispatchEvent(
        new CustomEvent('error', {
          detail: { error: accepted, code: accepted.code, message },
          bubbles: true,
          composed: true,
        }),
      );
    }
    #number(attribute: string): number | undefined {
      const value = Number(this.getAttribute(attribute));
      return this.hasAttribute(attribute) && Number.isFinite(value) ? value : undefined;
    }

    #stopCamera() {
      this.#starting?.abort();
      this.#starting = undefined;
      this.#camera?.stop();
      this.#camera = undefined;
    }
    #restartCamera() {
      // An upgrade reports every attribute and then the connection: start the camera once for all of them.
      if (this.#restartQueued) return;
      this.#restartQueued = true;
      queueMicrotask(() => {
        this.#restartQueued = false;
        this.#startCamera();
      });
    }
    #startCamera() {
      this.#stopCamera();
      if (!this.isConnected || !this.camera) {
        this.#say('idle');
        return;
      }
      const starting = new AbortController();
      this.#starting = starting;
      this.#say('starting');
      const cooldownMs = this.#number('cooldown');
      const maxFps = this.#number('max-fps');
      startCameraScanner({
        video: this.#video,
        signal: starting.signal,
        onScan: ({ text, scan, format }) => this.#emitScan({ text, scan, source: 'camera', format }),
        onError: (error) => this.#emitError(error),
        ...(this.deviceId ? { deviceId: this.deviceId } : {}),
        ...(this.worker !== undefined ? { worker: this.worker } : {}),
        ...(this.scanOptions ? { scan: this.scanOptions } : {}),
        ...(cooldownMs !== undefined ? { cooldownMs } : {}),
        ...(maxFps !== undefined ? { maxFps } : {}),
      }).then(
        (scanner) => {
          if (starting.signal.aborted) return scanner.stop();
          this.#camera = scanner;
          if (this.paused) scanner.pause();
          this.#say('ready');
        },
        (error: unknown) => {
          if (!starting.signal.aborted) this.#emitError(error);
        },
      );
    }
    #restartKeyboard() {
      this.#keyboard?.detach();
      this.#keyboard = undefined;
      if (!this.isConnected || !this.keyboard) return;
      const layout = this.getAttribute('scanner-layout') as KeyboardLayoutId | null;
      try {
        this.#keyboard = attachKeyboardScanner({
          onScan: ({ text, scan }) => this.#emitScan({ text, scan, source: 'keyboard' }),
          ...(layout ? { scannerLayout: layout } : {}),
          ...(this.scanOptions ? { scan: this.scanOptions } : {}),
        });
      } catch (error) {
        this.#emitError(error);
      }
    }
  }

  customElements.define(name, DiiaAcceptScanner);
  return DiiaAcceptScanner as unknown as { new (): ScannerElement };
}
