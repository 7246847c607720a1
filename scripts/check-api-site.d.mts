// Types of scripts/check-api-site.mjs for its test.
export declare function checkSite(site: string, root: string): string[];
