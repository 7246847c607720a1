// The shape of src/ as the architecture doc states it: the public subpaths with their export counts, the
// import graph between source files and its cycles. `node scripts/architecture.mjs` prints the figures that
// docs/architecture.md quotes; test/unit/architecture.test.ts holds the rules (no cycles, layers).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts file under src/, as a path relative to the repository. */
export function sourceFiles(dir = 'src') {
  const out = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

const SPECIFIER =
  /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[^'"`;]*?\sfrom\s*)?\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The relative imports of one file (static, re-exports and dynamic), resolved to repository paths. */
export function importsOf(file) {
  const text = readFileSync(join(root, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const out = new Set();
  for (const match of text.matchAll(SPECIFIER)) {
    const target = relative(root, resolve(root, dirname(file), match[1])).replace(/\.js$/, '.ts');
    out.add(target);
  }
  return [...out].sort();
}

/** The import graph of src/. */
export function importGraph() {
  const graph = new Map();
  for (const file of sourceFiles())
    graph.set(
      file,
      importsOf(file).filter((f) => f.startsWith('src/')),
    );
  return graph;
}

/** Strongly connected components with more than one file (Tarjan), each sorted. */
export function importCycles(graph = importGraph()) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const cycles = [];
  const visit = (v) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return cycles;
}

/** The exports of each entry file, read with the TypeScript checker: `{ [file]: [{ name, value }] }`. */
export async function exportsOfEntries(entries) {
  const ts = (await import('typescript')).default;
  const program = ts.createProgram(
    entries.map((f) => join(root, f)),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
  );
  const checker = program.getTypeChecker();
  const out = {};
  for (const file of entries) {
    const source = program.getSourceFile(join(root, file));
    const module = source && checker.getSymbolAtLocation(source);
    out[file] = (module ? checker.getExportsOfModule(module) : []).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      return { name: symbol.name, value: (target.flags & ts.SymbolFlags.Value) !== 0 };
    });
  }
  return out;
}

/** The value and type exports of each entry file, counted. */
export async function exportCounts(entries) {
  const out = {};
  for (const [file, symbols] of Object.entries(await exportsOfEntries(entries))) {
    const values = symbols.filter((s) => s.value).length;
    out[file] = { total: symbols.length, values, types: symbols.length - values };
  }
  return out;
}

/** Lines of src/ that are comments (whole-line `//`, and the lines of block comments), and `@example` blocks. */
export function commentFigures() {
  let lines = 0;
  let comments = 0;
  let examples = 0;
  for (const file of sourceFiles()) {
    if (file.endsWith('field-comb.ts')) continue; // generated
    const text = readFileSync(join(root, file), 'utf8');
    let inBlock = false;
    for (const line of text.split('\n')) {
      const t = line.trim();
      if (t === '') continue;
      lines++;
      if (inBlock) {
        comments++;
        if (t.includes('*/')) inBlock = false;
      } else if (t.startsWith('//')) comments++;
      else if (t.startsWith('/*')) {
        comments++;
        if (!t.includes('*/')) inBlock = true;
      }
      if (t.includes('@example')) examples++;
    }
  }
  return { lines, comments, examples };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { subpathEntries } = await import('./entries.mjs');
  const cycles = importCycles();
  console.log(`import cycles: ${cycles.length}`);
  for (const c of cycles) console.log(`  ${c.join(' <-> ')}`);
  const entries = subpathEntries();
  const counts = await exportCounts(Object.values(entries));
  for (const [subpath, file] of Object.entries(entries)) {
    const c = counts[file];
    console.log(`${subpath}\t${file}\t${c.total} exports (${c.values} values, ${c.types} types)`);
  }
  const c = commentFigures();
  console.log(
    `comment lines: ${c.comments} of ${c.lines} non-blank (${((100 * c.comments) / c.lines).toFixed(1)} %), @example: ${c.examples}`,
  );
}
