/**
 * Loading of the optional native packages (`node-hid`, `serialport`): each adapter imports its package
 * only when it opens a device, so that `diia-accept/scanner/node` loads without either installed.
 *
 * @module
 */
import { AcceptError } from '../../errors.js';

/**
 * How an adapter gets its package: a function that imports it. The default is a plain dynamic `import()`;
 * pass your own to load it from elsewhere (a bundled copy, an Electron main-process `require`).
 *
 * @example
 * ```ts
 * import { openSerialScanner, type PackageLoader } from 'diia-accept/scanner/node';
 * const load: PackageLoader = () => import('serialport');
 * await openSerialScanner({ path: '/dev/ttyACM0', load });
 * ```
 */
export type PackageLoader = () => Promise<unknown>;

/**
 * Runs `load` and picks the package's API out of the module namespace (ESM named exports, or the CommonJS
 * object under `default`), turning any failure into `OPTIONAL_DEPENDENCY_MISSING` that names the package.
 *
 * @internal
 */
export async function loadOptionalPackage<T>(
  load: PackageLoader,
  name: string,
  feature: string,
  isApi: (value: unknown) => value is T,
): Promise<T> {
  const missing = (cause: unknown) =>
    new AcceptError('OPTIONAL_DEPENDENCY_MISSING', {
      cause,
      detail: `${feature} needs the "${name}" package: npm install ${name}`,
    });
  let loaded: unknown;
  try {
    loaded = await load();
  } catch (cause) {
    // Absent, or present with a native part that does not load on this machine: the feature cannot run
    // either way, and the loader's own error stays as `cause`.
    throw missing(cause);
  }
  if (isApi(loaded)) return loaded;
  const fallback = (loaded as { default?: unknown } | null)?.default;
  if (isApi(fallback)) return fallback;
  throw missing(new TypeError(`the loaded module does not look like ${name}`));
}
