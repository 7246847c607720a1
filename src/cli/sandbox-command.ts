/**
 * `diia-accept sandbox`: starts a sandbox platform on loopback, prints what a person needs to try it (the
 * URL, the acquirer token, a branch, a document code to scan) and runs until stopped.
 *
 * @module
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Language } from '../errors.js';
import { createSandbox, type Sandbox } from '../sandbox/index.js';
import type { CliIo, CliValues } from './args.js';
import { UsageError } from './commands.js';
import { EXIT_CODES, say } from './messages.js';

/** Runs the sandbox until `io.untilStopped()` resolves; every line from `io.lines` shows a new document. */
export async function runSandbox(values: CliValues, io: CliIo, language: Language): Promise<number> {
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d{1,5}$/.test(values.port ?? '0') || port > 65535)
    throw new UsageError('--port must be 0 to 65535');
  const webhookUrl = values.webhook;
  if (webhookUrl !== undefined && !/^https?:\/\/\S+$/.test(webhookUrl)) {
    throw new UsageError('--webhook must be an http(s) URL');
  }
  // Diia ID on: its holder's app signs what `sign` and `login` ask for, delivering to the same webhook.
  const sandbox = await createSandbox({ port, ...(webhookUrl ? { webhookUrl } : {}), diiaId: {} });
  let caDir: string | undefined;
  try {
    const branch = sandbox.addBranch({ name: 'Sandbox desk' });
    // The sandbox's test CAs as files, for `sign --ca` / DIIA_CA_CERTIFICATES in another terminal.
    const diiaId = sandbox.diiaId!;
    caDir = await mkdtemp(join(tmpdir(), 'diia-accept-sandbox-'));
    const dir = caDir;
    const caFiles = await Promise.all(
      diiaId.caCertificates.map(async (der, i) => {
        const path = join(dir, `sandbox-ca-${i + 1}.cer`);
        await writeFile(path, der);
        return path;
      }),
    );
    const diiaIdInfo = {
      signOfferId: diiaId.addOffer(branch.id, 'hashedFilesSigning'),
      loginOfferId: diiaId.addOffer(branch.id, 'auth'),
      caCertificates: caFiles,
    };
    const caVariable = `DIIA_CA_CERTIFICATES=${caFiles.join(delimiter)}`;
    const listen = listenFor(webhookUrl);
    const json = values.json === true;
    const first = await showDocument(sandbox);
    if (json) {
      io.stdout(
        JSON.stringify({
          url: sandbox.url,
          acquirerToken: sandbox.acquirerToken,
          branchId: branch.id,
          document: first,
          diiaId: diiaIdInfo,
        }),
      );
    } else {
      io.stdout(
        [
          `${say('sandboxReady', language)} ${sandbox.url}`,
          '',
          `  DIIA_BASE_URL=${sandbox.url}`,
          `  DIIA_ACQUIRER_TOKEN=${sandbox.acquirerToken}`,
          `  branch: ${branch.id} (every document type in scope)`,
          `  JWKS:   ${sandbox.jwksUrl}`,
          webhookUrl ? `  deliveries go to ${webhookUrl}` : '  deliveries: none (start with --webhook URL)',
          `  Diia ID: signing offer ${diiaIdInfo.signOfferId}, login offer ${diiaIdInfo.loginOfferId}`,
          `  CA certificates: ${caFiles.join(' ')}`,
          '',
          describeDocument(first),
          '',
          'Try:',
          `  DIIA_BASE_URL=${sandbox.url} DIIA_ACQUIRER_TOKEN=${sandbox.acquirerToken} \\`,
          `    diia-accept identify ${first.barcode} --branch ${branch.id}`,
          `  DIIA_BASE_URL=${sandbox.url} DIIA_ACQUIRER_TOKEN=${sandbox.acquirerToken} \\`,
          `  ${caVariable} \\`,
          `    diia-accept sign FILE --branch ${branch.id} --offer ${diiaIdInfo.signOfferId}${listen ? ` --listen ${listen}` : ''}`,
          `  (login: --offer ${diiaIdInfo.loginOfferId}; the holder signs at once, delivering to the webhook${
            listen ? '' : ': start the sandbox with --webhook http://127.0.0.1:8080/diia/webhook'
          })`,
          '',
          `Enter: a new document code. ${say('sandboxStop', language)}`,
        ].join('\n'),
      );
    }
    const stopped = io.untilStopped ? io.untilStopped() : Promise.resolve();
    let done = false;
    void stopped.then(() => {
      done = true;
    });
    if (io.lines) {
      const lines = io.lines[Symbol.asyncIterator]();
      while (!done) {
        const next = await Promise.race([lines.next(), stopped.then(() => ({ done: true, value: '' }))]);
        if (next.done) break;
        const shown = await showDocument(sandbox);
        io.stdout(json ? JSON.stringify({ document: shown }) : describeDocument(shown));
      }
    }
    await stopped;
    return EXIT_CODES.ok;
  } finally {
    await sandbox.close();
    if (caDir) await rm(caDir, { recursive: true, force: true });
  }
}

/** `sign --listen` for a webhook on this machine at `/diia/webhook`, where the command receives it. */
function listenFor(webhookUrl: string | undefined): string | undefined {
  if (!webhookUrl) return undefined;
  try {
    const url = new URL(webhookUrl);
    if (url.pathname !== '/diia/webhook' || url.protocol !== 'http:') return undefined;
    if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost' && url.hostname !== '[::1]')
      return undefined;
    return `${url.hostname}:${url.port || '80'}`;
  } catch {
    return undefined;
  }
}

async function showDocument(sandbox: Sandbox) {
  const shown = await sandbox.holder.showDocument('passport');
  return {
    documentType: shown.documentType,
    barcode: shown.barcode,
    link: shown.link,
    expiresAt: new Date(shown.expiresAt).toISOString(),
  };
}

function describeDocument(shown: Awaited<ReturnType<typeof showDocument>>): string {
  return [
    `A ${shown.documentType} to scan (works once, until ${shown.expiresAt}):`,
    `  barcode: ${shown.barcode}`,
    `  QR link: ${shown.link}`,
  ].join('\n');
}
