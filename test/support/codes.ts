/**
 * What a call ended with, as one string to assert on: the `AcceptError` code it failed with, `'resolved'`
 * when it succeeded, or `not an AcceptError: …` describing anything else it threw, so that a failing
 * assertion shows what really happened.
 */
import { isAcceptError } from '../../src/errors.js';

const describe = (error: unknown): string =>
  isAcceptError(error) ? error.code : `not an AcceptError: ${String(error)}`;

/** How a promise settled: its `AcceptError` code, or `'resolved'`. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return describe(error);
  }
}

/** How a synchronous call ended: its `AcceptError` code, or `'returned'`. */
export function codeOfCall(call: () => unknown): string {
  try {
    call();
    return 'returned';
  } catch (error) {
    return describe(error);
  }
}
