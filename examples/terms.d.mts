// Types of examples/terms.mjs for the TypeScript examples.
type Lang = 'en' | 'uk';
type Table = Readonly<Record<string, Readonly<Record<Lang, string>>>>;
export declare const DOCUMENT_NAMES: Table;
export declare const CHECK_NAMES: Table;
export declare const SYMBOL_NAMES: Table;
export declare const SCAN_NAMES: Table;
export declare const METHOD_NAMES: Table;
export declare function term(table: Table, key: string, lang: Lang): string;
export declare function count(n: number, unit: 'byte' | 'file' | 'second', lang: Lang): string;
