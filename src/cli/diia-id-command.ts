/**
 * `diia-accept sign FILE…` and `diia-accept login`: Diia ID from the command line. The holder signs the
 * files' hashes (or a hashed login id) in the Diia app; the delivery comes to a webhook this command serves
 * on a Node HTTP server, is verified against the CA certificates given, and the result is printed.
 *
 * **Personal data**: the signer's name and tax number go to stdout on purpose (the operator asked for them);
 * stderr carries codes only.
 *
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { basename, delimiter } from 'node:path';
import { type Duration, parseDuration } from '../clock.js';
import type { LoginHashRule } from '../diia-id/digests.js';
import { createDiiaId, type DiiaIdSession } from '../diia-id/diia-id.js';
import type { DiiaIdVerification, DiiaIdVerify, LoginResult, SigningResult } from '../diia-id/types.js';
import { diiaIdVerifier } from '../diia-id/verify.js';
import type { DiiaIdLogEntry } from '../diia-id/webhook.js';
import { AcceptError, type AcceptErrorCode, isAcceptError, type Language } from '../errors.js';
import { toNodeListener } from '../node/listener.js';
import { createSandbox, type Sandbox } from '../sandbox/index.js';
import { createPlatformClient } from '../transport/client.js';
import { flowsOver } from '../transport/diia.js';
import type { PlatformTransport } from '../transport/port.js';
import type { CliIo, CliValues } from './args.js';
import { UsageError } from './commands.js';
import { EXIT_CODES, say } from './messages.js';
import { platformClient } from './platform.js';

/** The path the delivery comes to, as in the examples. */
const WEBHOOK_PATH = '/diia/webhook';
/** Files one `sign` takes (the SDK's default bound). */
const MAX_FILES = 32;
/** Bytes of one file (the SDK's default bound), checked before it is read. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Bytes of all the files of one run: they are held in memory while they are hashed. */
const MAX_TOTAL_BYTES = 256 * 1024 * 1024;

/** Everything one run needs once the platform (or the sandbox) is chosen. */
interface Target {
  readonly transport: Pick<PlatformTransport, 'createOfferRequest'>;
  readonly branchId: string;
  readonly offerId: string;
  readonly verify: DiiaIdVerify;
  readonly close: () => Promise<void>;
}

/** Runs `sign` or `login`; returns the exit code (or throws, and `main` reports it). */
export async function runDiiaId(
  command: 'sign' | 'login',
  values: CliValues,
  args: readonly string[],
  io: CliIo,
  language: Language,
): Promise<number> {
  const json = values.json === true;
  const print = (human: string, data: unknown) => io.stdout(json ? JSON.stringify(data) : human);
  // Everything on the command line is checked before anything is started or sent.
  if (command === 'login' && args.length > 0) throw new UsageError('login takes no file arguments');
  if (command === 'sign' && args.length === 0) throw new UsageError('sign needs at least one FILE');
  if (args.length > MAX_FILES) throw new UsageError(`sign takes at most ${MAX_FILES} files`);
  const signAlgo = signAlgoOf(values['sign-algo']);
  const loginHash = loginHashOf(values['login-hash'], command);
  const lifetime = lifetimeOf(values['wait-for']);
  const listen = listenOf(values.listen, values.sandbox === true);
  const files = command === 'sign' ? await readFiles(args) : [];
  // The platform's settings (and the CA files) too: nothing listens before the command line is right.
  const platform = values.sandbox ? undefined : await platformTarget(values, io, language);
  if (!values.sandbox && !platform) return EXIT_CODES.usage;

  // The delivery's refusals, for this run's request only (the logger carries codes and ids, nothing personal).
  // A refusal may be logged before the request's ids are known here: the last few are kept by id.
  const ours = new Set<string>();
  const seen = new Map<string, AcceptErrorCode>();
  let refuse: (code: AcceptErrorCode) => void = () => {};
  const refused = new Promise<AcceptErrorCode>((resolve) => {
    refuse = resolve;
  });
  const logger = (entry: DiiaIdLogEntry) => {
    // 503 (the verifier could not answer) asks the platform to try again: keep waiting. So does 404: a
    // delivery that arrives before the request is stored (the app can be quicker than the store) is
    // delivered again, and only a checked delivery's refusal is final.
    if (entry.event !== 'diia-id-refused' || entry.status >= 500 || !entry.code || !entry.requestId) return;
    if (entry.code === 'WEBHOOK_REQUEST_UNKNOWN') return;
    if (ours.has(entry.requestId)) refuse(entry.code);
    else {
      seen.set(entry.requestId, entry.code);
      if (seen.size > 16) seen.delete(seen.keys().next().value!);
    }
  };
  const claim = (id: string) => {
    ours.add(id);
    const code = seen.get(id);
    if (code) refuse(code);
  };

  let handler: (request: Request) => Promise<Response> = async () =>
    new Response('Not ready', { status: 503 });
  const server = createServer(
    toNodeListener(async (request) =>
      new URL(request.url).pathname === WEBHOOK_PATH
        ? handler(request)
        : new Response('Not found', { status: 404 }),
    ),
  );
  await listenOn(server, listen);
  const webhookUrl = `http://${hostOf(listen.host)}:${(server.address() as { port: number }).port}${WEBHOOK_PATH}`;
  let target: Target | undefined;
  try {
    target = platform ?? (await sandboxTarget(command, webhookUrl, io, language, json));
    if (platform) print(`${say('listening', language)} ${webhookUrl}`, { webhook: webhookUrl });
    const diiaId = createDiiaId({
      transport: target.transport,
      verify: target.verify,
      lifetime,
      logger,
      ...(signAlgo ? { signAlgo } : {}),
      ...(loginHash ? { loginHash } : {}),
    });
    handler = diiaId.webhook;
    const callOptions = io.signal ? { signal: io.signal } : {};
    const session: DiiaIdSession<SigningResult | LoginResult> =
      command === 'sign'
        ? await diiaId.signFiles({ branchId: target.branchId, offerId: target.offerId, files }, callOptions)
        : await diiaId.login({ branchId: target.branchId, offerId: target.offerId }, callOptions);
    claim(session.requestId);
    if (session.hashedRequestId) claim(session.hashedRequestId);
    // Ctrl-C from here on gives the request up (a signal already aborted counts too).
    const waiting = new AbortController();
    const stop = () => waiting.abort(io.signal?.reason);
    io.signal?.addEventListener('abort', stop, { once: true });
    const expiresAt = new Date(session.expiresAt).toISOString();
    print(
      `${say(command === 'sign' ? 'signLink' : 'loginLink', language)} ${session.requestId}\n${session.deeplink}\n${say('waiting', language)} ${expiresAt}`,
      { requestId: session.requestId, deeplink: session.deeplink, expiresAt },
    );
    try {
      if (io.signal?.aborted) stop();
      const outcome = await Promise.race([
        session.result({ signal: waiting.signal }).then((result) => ({ result })),
        refused.then((code) => ({ code })),
      ]);
      if ('code' in outcome) {
        await session.cancel();
        // With --json the error line alone says it (main prints it as JSON).
        if (!json) io.stderr(say('refusedDelivery', language));
        throw new AcceptError(outcome.code);
      }
      const { result } = outcome;
      if (result.flow === 'auth') print(describeLogin(result, language), loginJson(result));
      else print(describeSigning(result, language), signingJson(result));
      return EXIT_CODES.ok;
    } catch (error) {
      if (waiting.signal.aborted) await session.cancel().catch(() => false);
      throw error;
    } finally {
      io.signal?.removeEventListener('abort', stop);
      waiting.abort();
    }
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await target?.close();
  }
}

/** The platform from the environment and the options, as the other commands take it. */
async function platformTarget(values: CliValues, io: CliIo, language: Language): Promise<Target | undefined> {
  const token = io.env.DIIA_ACQUIRER_TOKEN;
  if (!token) {
    io.stderr(say('noToken', language));
    return undefined;
  }
  const branchId = values.branch ?? io.env.DIIA_BRANCH_ID;
  if (!branchId) throw new UsageError('--branch is required');
  if (!values.offer) throw new UsageError('--offer is required');
  const caFiles = values.ca?.length
    ? values.ca
    : (io.env.DIIA_CA_CERTIFICATES ?? '').split(delimiter).filter((path) => path.length > 0);
  if (caFiles.length === 0) throw new UsageError(say('noCa', language));
  const caCertificates = await Promise.all(caFiles.map((path) => readSmall(path, 4 * 1024 * 1024, '--ca')));
  // A file that is no certificate or bundle is a wrong command line, said before anything is sent.
  let verify: DiiaIdVerify;
  try {
    verify = diiaIdVerifier({ caCertificates });
  } catch (error) {
    if (!isAcceptError(error)) throw error;
    throw new UsageError(`--ca: the CA certificates cannot be read (${error.code})`);
  }
  const call = platformClient(values, io, token);
  return {
    transport: flowsOver(call),
    branchId,
    offerId: values.offer,
    verify,
    close: async () => {},
  };
}

/**
 * A sandbox on loopback whose holder signs at once: a branch delivering to this run's webhook, an offer
 * with the flow's Diia ID scope, and the sandbox's own test CAs as the trust.
 */
async function sandboxTarget(
  command: 'sign' | 'login',
  webhookUrl: string,
  io: CliIo,
  language: Language,
  json: boolean,
): Promise<Target> {
  const sandbox: Sandbox = await createSandbox({ diiaId: {} });
  try {
    const branch = sandbox.addBranch({ name: 'Sandbox desk' }, { webhookUrl });
    const diiaId = sandbox.diiaId;
    if (!diiaId) throw new AcceptError('INVALID_ARGUMENT', { detail: 'the sandbox has no Diia ID' });
    const offerId = diiaId.addOffer(branch.id, command === 'sign' ? 'hashedFilesSigning' : 'auth');
    const call = createPlatformClient(
      { baseUrl: sandbox.url, acquirerToken: sandbox.acquirerToken, userAgent: 'diia-accept-cli' },
      'diia-accept',
    );
    const line = say('sandboxDiiaId', language).replace('{url}', sandbox.url);
    if (!json) io.stdout(line);
    return {
      transport: flowsOver(call),
      branchId: branch.id,
      offerId,
      verify: diiaIdVerifier({ caCertificates: diiaId.caCertificates }),
      close: () => sandbox.close(),
    };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

function describeSigning(result: SigningResult, language: Language): string {
  return result.files
    .map((file) => [file.name, ...describeVerification(file.verification, 'signer', language)].join('\n'))
    .join('\n');
}

function describeLogin(result: LoginResult, language: Language): string {
  return describeVerification(result.verification, 'person', language).join('\n');
}

/** The lines of one verified signature; the labels padded to one column. */
function describeVerification(
  verification: DiiaIdVerification,
  who: 'signer' | 'person',
  language: Language,
): string[] {
  const { signer } = verification;
  const rows: [string, string][] = [
    [say(who, language), signer.fullName],
    ...(signer.taxId ? [[say('taxId', language), signer.taxId] as [string, string]] : []),
    ...(signer.edrpou ? [[say('edrpou', language), signer.edrpou] as [string, string]] : []),
    [say('signedAt', language), timeOf(verification.signedAt) ?? say('unknownTime', language)],
    [say('level', language), levelOf(verification.level)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length)) + 1;
  return [
    `  ✓ ${say('verified', language)}`,
    ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width + 1)}${value}`),
  ];
}

function signingJson(result: SigningResult) {
  return {
    flow: result.flow,
    requestId: result.requestId,
    files: result.files.map((file) => ({ name: file.name, ...verificationJson(file.verification) })),
  };
}

function loginJson(result: LoginResult) {
  return {
    flow: result.flow,
    requestId: result.requestId,
    hashedRequestId: result.hashedRequestId,
    person: {
      fullName: result.person.fullName,
      ...(result.person.taxId ? { taxId: result.person.taxId } : {}),
    },
    ...verificationJson(result.verification),
  };
}

function verificationJson(verification: DiiaIdVerification) {
  const { fullName, taxId, edrpou } = verification.signer;
  return {
    verified: true,
    signer: { fullName, ...(taxId ? { taxId } : {}), ...(edrpou ? { edrpou } : {}) },
    signedAt: timeOf(verification.signedAt),
    level: levelOf(verification.level),
    checks: verification.checks,
  };
}

/** `BES` → `CAdES-BES`; a verifier's own word as it is. */
function levelOf(level: string): string {
  return /^(BES|EPES|T|C|X|X-Long|X-L|A|LT|LTA)$/.test(level) ? `CAdES-${level}` : level;
}

function timeOf(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function signAlgoOf(value: string | undefined): 'DSTU' | 'ECDSA' | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper !== 'DSTU' && upper !== 'ECDSA') throw new UsageError('--sign-algo must be DSTU or ECDSA');
  return upper;
}

/** `--login-hash`: how a login's request id is hashed (the SDKs differ; docs of `LoginHashRule`). */
function loginHashOf(value: string | undefined, command: 'sign' | 'login'): LoginHashRule | undefined {
  if (value === undefined) return undefined;
  if (command !== 'login') throw new UsageError('--login-hash is for login');
  if (value !== 'java-py' && value !== 'php-sample' && value !== 'platform')
    throw new UsageError('--login-hash must be java-py, php-sample or platform');
  return value;
}

/** `--wait-for`: the request's lifetime (default 180 s, the platform's). */
function lifetimeOf(value: string | undefined): Duration {
  if (value === undefined) return '180s';
  let ms: number;
  try {
    ms = parseDuration(value as Duration);
  } catch {
    throw new UsageError('--wait-for must be a duration such as 90s or 3m');
  }
  if (ms < 1000 || ms > 60 * 60 * 1000) throw new UsageError('--wait-for must be 1s to 1h');
  return value as Duration;
}

/** `--listen [HOST:]PORT`: 127.0.0.1:8080 for the platform, any free loopback port for the sandbox. */
function listenOf(value: string | undefined, sandbox: boolean): { host: string; port: number } {
  if (value === undefined) return { host: '127.0.0.1', port: sandbox ? 0 : 8080 };
  const match = /^(?:(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]{1,253}):)?(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new UsageError('--listen must be [HOST:]PORT, e.g. 127.0.0.1:8080');
  return { host: (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

function hostOf(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listenOn(server: Server, { host, port }: { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new UsageError(`--listen: cannot listen on ${host}:${port} (${error.code ?? 'error'})`)),
    );
    server.listen(port, host, () => resolve());
  });
}

/** The files to sign, each named by its base name (what the holder sees in the app). */
async function readFiles(paths: readonly string[]): Promise<{ name: string; bytes: Uint8Array }[]> {
  const files: { name: string; bytes: Uint8Array }[] = [];
  let total = 0;
  for (const path of paths) {
    const bytes = await readSmall(path, Math.min(MAX_FILE_BYTES, MAX_TOTAL_BYTES - total), 'FILE');
    total += bytes.length;
    files.push({ name: basename(path), bytes });
  }
  return files;
}

/** Reads a file after checking its size, so that a huge one is refused before it is read. */
async function readSmall(path: string, limit: number, what: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UsageError(`${what}: not a file: ${path.slice(0, 200)}`);
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${what}: cannot read ${path.slice(0, 200)}`);
  }
  if (size > limit) throw new UsageError(`${what}: ${path.slice(0, 200)} is over ${limit} bytes`);
  return new Uint8Array(await readFile(path));
}
