/**
 * File names come from the sender and are not signed: this is the one place that makes them safe to keep.
 *
 * @module
 */

const MAX_FILE_NAME = 128;

/**
 * Makes a sender's file name safe to keep: the last path segment only, no control, format (bidi,
 * zero-width), lone surrogate or line-separator characters, none of `:*?"<>|`, no leading or trailing dots and spaces, at
 * most 128 characters. Undefined when nothing is left. File names are not signed: never use one as a path,
 * even after this.
 */
export function safeFileName(name: string | undefined): string | undefined {
  if (typeof name !== 'string') return undefined;
  const last = name.normalize('NFC').split(/[/\\]/).at(-1) ?? '';
  const clean = last
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[:*?"<>|]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const bounded = Array.from(clean).slice(0, MAX_FILE_NAME).join('');
  return bounded.length > 0 ? bounded : undefined;
}
