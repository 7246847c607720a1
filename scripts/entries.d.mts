export declare const EXTRA_ENTRIES: Readonly<Record<string, string>>;
export declare function subpathEntries(pkg?: { exports: Record<string, unknown> }): Record<string, string>;
export declare function buildEntries(): Record<string, string>;
