// The platform settings every example reads, under one name each (docs/guides/configuration.md):
//
//   DIIA_BASE_URL             the platform's address (CLI and kiosk: --base-url)
//   DIIA_ACQUIRER_TOKEN       the partner's acquirer token
//   DIIA_AUTH_ACQUIRER_TOKEN  the optional second credential sent on login
//   DIIA_JWKS_URL             where the platform publishes its signing keys (default: {base}/.well-known/jwks.json)
//   DIIA_BRANCH_ID            the branch the desk works for (CLI and kiosk: --branch)
//   DIIA_PARTNER_KEY          the partner's private key-agreement JWK: the JSON itself, or the path of a file
//                             holding it (kiosk: --partner-key)
//
// Older names still work for a while, with a warning: DIIA_API_URL (DIIA_BASE_URL), PARTNER_KEY_FILE and
// DIIA_PARTNER_JWK (DIIA_PARTNER_KEY).
import { readFileSync } from 'node:fs';

/** Each older name and the name that replaced it. */
export const DEPRECATED = {
  DIIA_API_URL: 'DIIA_BASE_URL',
  PARTNER_KEY_FILE: 'DIIA_PARTNER_KEY',
  DIIA_PARTNER_JWK: 'DIIA_PARTNER_KEY',
};

/**
 * The platform settings from `env` (and command-line values in `overrides`, which win). `baseUrl` is
 * undefined when none is set: the examples then start a local sandbox. `warn` receives one line per older
 * name in use.
 */
export function platformSettings(env, overrides = {}, warn = (line) => console.error(line)) {
  const read = (name) => {
    if (env[name]) return env[name];
    for (const [old, current] of Object.entries(DEPRECATED)) {
      if (current === name && env[old]) {
        warn(`${old} is deprecated: set ${current} instead`);
        return env[old];
      }
    }
    return undefined;
  };
  const baseUrl = overrides.baseUrl ?? read('DIIA_BASE_URL');
  return {
    baseUrl,
    acquirerToken: read('DIIA_ACQUIRER_TOKEN'),
    authAcquirerToken: read('DIIA_AUTH_ACQUIRER_TOKEN'),
    jwksUrl: read('DIIA_JWKS_URL') ?? (baseUrl ? new URL('/.well-known/jwks.json', baseUrl).href : undefined),
    branchId: overrides.branchId ?? read('DIIA_BRANCH_ID'),
    partnerKey: partnerKey(overrides.partnerKey ?? read('DIIA_PARTNER_KEY')),
  };
}

/** The partner's JWK from its JSON text or from the file a path names; undefined when not set. */
function partnerKey(value) {
  if (value === undefined) return undefined;
  const text = value.trimStart().startsWith('{') ? value : readFileSync(value, 'utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('DIIA_PARTNER_KEY must be a JWK (JSON) or the path of a file holding one');
  }
}

/** What is missing for a configured platform, as the names to set (empty when everything is there). */
export function missingSettings(settings) {
  const missing = [];
  if (!settings.acquirerToken) missing.push('DIIA_ACQUIRER_TOKEN');
  if (!settings.branchId) missing.push('DIIA_BRANCH_ID');
  if (!settings.partnerKey) missing.push('DIIA_PARTNER_KEY');
  return missing;
}
