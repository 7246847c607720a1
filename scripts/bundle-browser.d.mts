/** Builds the self-contained browser files after tsup (see bundle-browser.mjs). */
export function bundleBrowser(): Promise<void>;
