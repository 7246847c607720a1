#!/usr/bin/env node
// Checks the built API reference (docs/api/, made by typedoc) link by link:
// - every relative link and every page resource (href, src) names a file of the site;
// - every source link ("Defined in") names a file of this repository, outside node_modules/;
// - no link points into node_modules/;
// - no file name has turned into a web address (typedoc's linkify once made "protocol.md" into
//   http://protocol.md: .md is a country's domain).
//
//   node scripts/check-api-site.mjs [siteDir]      (default docs/api; exit code 1 and a list when broken)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_SOURCE = 'https://github.com/diia-accept/diia-accept/blob/main/';
/** File extensions that are never a top-level domain people mean in these docs. */
const FILE_LIKE_HOST = /^[^/]+\.(md|ts|mts|cts|js|mjs|cjs|json|html|css|pdf|png)$/i;

/** All problems of the site in `site`, checked against the repository at `root`; [] when none. */
export function checkSite(site, root) {
  const problems = [];
  const pages = files(site).filter((file) => file.endsWith('.html'));
  if (pages.length === 0) return [`no pages in ${site}: build the site first (npx typedoc)`];
  for (const page of pages) {
    const html = readFileSync(page, 'utf8');
    const where = relative(site, page);
    for (const [, , link] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const problem = checkLink(decodeEntities(link), page, site, root);
      if (problem) problems.push(`${where}: ${problem}: ${link}`);
    }
  }
  return problems;
}

function checkLink(link, page, site, root) {
  if (/node_modules/.test(link)) return 'links into node_modules';
  if (link === '' || link.startsWith('#') || /^(mailto|data|javascript):/i.test(link)) return undefined;
  const web = /^https?:\/\/([^/?#]+)/i.exec(link);
  if (web) {
    if (FILE_LIKE_HOST.test(web[1])) return 'a file name made into a web address';
    if (link.startsWith(REPO_SOURCE)) {
      const path = decodeURIComponent(link.slice(REPO_SOURCE.length).replace(/[?#].*$/, ''));
      const file = resolve(root, path);
      if (!file.startsWith(resolve(root) + sep) || !existsSync(file) || !statSync(file).isFile()) {
        return 'a source link to no file of the repository';
      }
    }
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) return undefined; // another scheme
  const path = decodeURIComponent(link.replace(/[?#].*$/, ''));
  if (path === '') return undefined;
  const target = resolve(dirname(page), path);
  if (!target.startsWith(resolve(site) + sep) && target !== resolve(site))
    return 'a relative link out of the site';
  if (!existsSync(target)) return 'a relative link to no file';
  return undefined;
}

function decodeEntities(text) {
  return text.replaceAll('&amp;', '&').replaceAll('&quot;', '"').replaceAll('&#39;', "'");
}

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const site = resolve(root, process.argv[2] ?? 'docs/api');
  const problems = checkSite(site, root);
  if (problems.length > 0) {
    console.error(`The API site has ${problems.length} broken link(s):`);
    for (const problem of problems.slice(0, 50)) console.error(`  ${problem}`);
    if (problems.length > 50) console.error(`  … and ${problems.length - 50} more`);
    process.exit(1);
  }
  console.log(`The API site's links are sound (${site}).`);
}
