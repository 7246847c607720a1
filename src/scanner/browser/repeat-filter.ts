/**
 * One report per code: a camera sees the same code in many frames in a row, and the operator wants one
 * answer for it, not ten.
 *
 * @module
 */

/** @internal */
export interface RepeatFilter {
  /** Whether `text` seen at `at` (ms) is new: not seen within the cool-down before. Records the sighting. */
  fresh(text: string, at: number): boolean;
  /** Counts every code known as seen again at `at` (after a pause, in which no frame was read). */
  touchAll(at: number): void;
}

/**
 * A code counts again only after it has been out of view for `cooldownMs`: held under the camera it is
 * reported once, however long it stays.
 *
 * @internal
 */
export function createRepeatFilter(cooldownMs: number): RepeatFilter {
  if (!(cooldownMs >= 0)) throw new RangeError('cooldownMs');
  const lastSeen = new Map<string, number>();
  return {
    fresh(text, at) {
      for (const [seen, when] of lastSeen) if (at - when > cooldownMs) lastSeen.delete(seen);
      const known = lastSeen.has(text);
      lastSeen.set(text, at);
      return !known;
    },
    touchAll(at) {
      for (const seen of lastSeen.keys()) lastSeen.set(seen, at);
    },
  };
}
