// Types of scripts/architecture.mjs for its test.
export declare function sourceFiles(dir?: string): string[];
export declare function importsOf(file: string): string[];
export declare function importGraph(): Map<string, string[]>;
export declare function importCycles(graph?: Map<string, string[]>): string[][];
export declare function exportsOfEntries(
  entries: readonly string[],
): Promise<Record<string, { name: string; value: boolean }[]>>;
export declare function exportCounts(
  entries: readonly string[],
): Promise<Record<string, { total: number; values: number; types: number }>>;
export declare function commentFigures(): { lines: number; comments: number; examples: number };
