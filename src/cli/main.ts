/**
 * The `diia-accept` command: argument parsing, the choice of command, and how failures become exit codes.
 * `main(argv, io)` does no I/O of its own beyond `io`, so tests run it in-process.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { AcceptError, type AcceptErrorCode, describeError, isAcceptError, type Language } from '../errors.js';
import { adminOver } from '../transport/admin.js';
import { flowsOver } from '../transport/diia.js';
import { type CliIo, type DiiaIdCommand, OPTIONS, type SandboxCommand } from './args.js';
import { type CommandContext, runTransportCommand, UsageError } from './commands.js';
import { COMMANDS, EXIT_CODES, HELP, SANDBOX_HELP, say } from './messages.js';
import { platformClient } from './platform.js';

/**
 * Runs `diia-accept` with `argv` (without `node` and the script) and returns the exit code. `sandbox` and
 * `diiaId` are the Node-only commands (`bin.ts` passes them).
 */
export async function main(
  argv: readonly string[],
  io: CliIo,
  sandbox?: SandboxCommand,
  diiaId?: DiiaIdCommand,
): Promise<number> {
  let language: Language = 'en';
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    json = values.json === true;
    // `ua` is the country code people type for Ukrainian; the language code is `uk`.
    const lang = values.lang === 'ua' ? 'uk' : values.lang;
    if (lang !== undefined && lang !== 'en' && lang !== 'uk') {
      throw new UsageError('--lang must be en or uk');
    }
    language = lang ?? 'en';
    if (values.version) {
      io.stdout(`diia-accept ${io.version ?? 'unknown version'}`);
      return EXIT_CODES.ok;
    }
    const [command, ...rest] = positionals;
    if (command === 'sandbox' && values.help) {
      io.stdout(SANDBOX_HELP);
      return EXIT_CODES.ok;
    }
    if (values.help || command === undefined) {
      io.stdout(HELP);
      return command === undefined && !values.help ? EXIT_CODES.usage : EXIT_CODES.ok;
    }
    if (command === 'sandbox') {
      if (rest.length > 0) throw new UsageError('sandbox takes no arguments');
      if (!sandbox) throw new UsageError('the sandbox is not available in this build');
      return await sandbox(values, io, language);
    }
    if (command === 'sign' || command === 'login') {
      if (!diiaId) throw new UsageError(`${command} is not available in this build`);
      return await diiaId(command, values, rest, io, language);
    }
    if (values.sandbox) throw new UsageError('--sandbox is for sign and login (or run: diia-accept sandbox)');
    // An unknown command is a wrong command line whatever the environment holds: say so before asking
    // for a token.
    const named =
      command === 'branches' || command === 'offers' ? `${command} ${rest[0] ?? ''}`.trim() : command;
    if (!COMMANDS.includes(named)) {
      throw new UsageError(
        `${say('unknownCommand', language)} ${named.slice(0, 40)}\n${say('commands', language)} ${COMMANDS.join(', ')}`,
      );
    }
    const token = io.env.DIIA_ACQUIRER_TOKEN;
    if (!token) {
      io.stderr(say('noToken', language));
      return EXIT_CODES.usage;
    }
    // One login serves both the flow calls and the branch and offer calls.
    const call = platformClient(values, io, token);
    const context: CommandContext = {
      transport: flowsOver(call),
      admin: adminOver(call),
      // DIIA_BRANCH_ID is the default for --branch, as in the examples (docs/guides/configuration.md).
      values:
        values.branch === undefined && io.env.DIIA_BRANCH_ID
          ? { ...values, branch: io.env.DIIA_BRANCH_ID }
          : values,
      args: rest,
      language,
      print: (human, data) => io.stdout(json ? JSON.stringify(data) : human),
      callOptions: {
        ...(io.signal ? { signal: io.signal } : {}),
        ...(values.timeout ? { timeout: values.timeout as never } : {}),
      },
    };
    return await runTransportCommand(command ?? '', context);
  } catch (error) {
    return report(error, io, language, json);
  }
}

function report(error: unknown, io: CliIo, language: Language, json: boolean): number {
  if (error instanceof UsageError || isParseArgsError(error)) {
    const detail = error instanceof Error ? error.message : String(error);
    if (json) io.stderr(JSON.stringify({ error: { code: 'USAGE', message: detail } }));
    else io.stderr(`${say('usage', language)} ${detail}\n${say('seeHelp', language)}`);
    return EXIT_CODES.usage;
  }
  const code = isAcceptError(error) ? error.code : undefined;
  const message = describeError(error, language);
  if (json) {
    io.stderr(JSON.stringify({ error: { code: code ?? 'UNEXPECTED', message, detail: detailOf(error) } }));
  } else {
    const detail = detailOf(error);
    io.stderr(detail ? `${message} (${code}: ${detail})` : `${message}${code ? ` (${code})` : ''}`);
  }
  return exitCodeFor(code);
}

function detailOf(error: unknown): string | undefined {
  return error instanceof AcceptError ? error.detail : undefined;
}

/** The exit code for an error code (see {@link EXIT_CODES}). */
export function exitCodeFor(code: AcceptErrorCode | undefined): number {
  switch (code) {
    case undefined:
      return EXIT_CODES.failure;
    case 'ABORTED':
      return EXIT_CODES.interrupted;
    case 'DIIA_ID_EXPIRED':
    case 'DIIA_ID_CANCELLED':
      return EXIT_CODES.expired;
    case 'DIIA_ID_ACTION_MISMATCH':
    case 'DIIA_ID_ENCODING':
    case 'DIIA_ID_PAYLOAD_MALFORMED':
    case 'DIIA_ID_FILE_UNKNOWN':
    case 'DIIA_ID_FILE_MISSING':
    case 'DIIA_ID_FILE_DUPLICATE':
    case 'DER_LIMIT_EXCEEDED':
      return EXIT_CODES.signatureRefused;
    case 'PLATFORM_UNAUTHORISED':
      return EXIT_CODES.unauthorised;
    case 'PLATFORM_UNAVAILABLE':
    case 'PLATFORM_TIMEOUT':
    case 'PLATFORM_RATE_LIMITED':
    case 'PLATFORM_MALFORMED_RESPONSE':
      return EXIT_CODES.unavailable;
    case 'PLATFORM_BAD_REQUEST':
    case 'PLATFORM_FORBIDDEN_SCOPE':
    case 'PLATFORM_NOT_FOUND':
    case 'PLATFORM_CODE_USED':
    case 'PLATFORM_CODE_EXPIRED':
    case 'PLATFORM_CODE_UNKNOWN':
    case 'PLATFORM_BAD_BARCODE':
      return EXIT_CODES.refused;
    default:
      // Everything else the SDK reports about the command line's input (a malformed barcode, a bad URL).
      // A delivered signature that failed a check (SIGNATURE_*, CERTIFICATE_*) was refused, not a bug.
      if (code.startsWith('SIGNATURE_') || code.startsWith('CERTIFICATE_'))
        return EXIT_CODES.signatureRefused;
      return code.startsWith('SCAN_') || code.startsWith('INVALID_') ? EXIT_CODES.usage : EXIT_CODES.failure;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
