// Bundled (platform neutral) and run on other runtimes by transport-runtimes.test.ts: the transport over the
// runtime's own fetch against the loopback server whose URL is the first argument. Prints one JSON line.
import { exerciseTransport } from './transport-exercise.js';

declare const Deno: { args: string[] } | undefined;
declare const process: { argv: string[] } | undefined;

const args = typeof Deno !== 'undefined' ? Deno.args : (process?.argv.slice(2) ?? []);
const [baseUrl, acquirerToken] = args as [string, string];
console.log(JSON.stringify(await exerciseTransport(baseUrl, acquirerToken)));
