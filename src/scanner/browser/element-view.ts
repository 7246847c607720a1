/**
 * What `<diia-accept-scanner>` shows inside its shadow root: the preview, a viewfinder and one line of
 * status. The page styles it through `::part(video)`, `::part(frame)` and `::part(status)` and the custom
 * properties below; nothing leaks out.
 *
 * @module
 */

/** @internal */
export const ELEMENT_STYLE = `
:host { display: block; position: relative; background: var(--diia-scanner-background, #111); color: #fff;
  min-height: 120px; overflow: hidden; border-radius: var(--diia-scanner-radius, 8px); contain: content; }
:host([hidden]) { display: none; }
video { display: block; width: 100%; height: 100%; object-fit: cover; }
.frame { position: absolute; inset: 12%; border: 3px solid var(--diia-scanner-frame, #ffd400);
  border-radius: 12px; box-shadow: 0 0 0 100vmax rgb(0 0 0 / 35%); pointer-events: none; }
:host(:not([camera])) .frame, :host(:not([camera])) video { display: none; }
p { position: absolute; left: 0; right: 0; bottom: 0; margin: 0; padding: 6px 10px;
  background: rgb(0 0 0 / 70%); font: 14px/1.4 system-ui, sans-serif; }
p:empty { display: none; }
`;

/** @internal */
export const ELEMENT_TEXT = {
  en: { idle: '', starting: 'Starting the camera…', ready: 'Hold the code inside the frame' },
  uk: { idle: '', starting: 'Запуск камери…', ready: 'Утримуйте код у рамці' },
} as const;
