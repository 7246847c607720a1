// Module resolution hook of scripts/demo.mjs: the package's own names resolve to the demo's fresh build of
// the SDK entries (in .tmp/demo/) instead of dist/. Nothing else changes.
let map = {};

export function initialize(data) {
  map = data.map;
}

export async function resolve(specifier, context, next) {
  const url = map[specifier];
  if (url) return { url, shortCircuit: true, format: 'module' };
  if (specifier === 'diia-accept' || specifier.startsWith('diia-accept/')) {
    throw new Error(
      `the demo does not build ${specifier}: add it to its example's imports in scripts/demo.mjs`,
    );
  }
  return next(specifier, context);
}
