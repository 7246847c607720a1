// What the kiosk does with each scan: one at a time, in the order they came.
import { AcceptError, describeError, isAcceptError } from '../../src/errors.js';
import type { Acceptor } from '../../src/index.js';
import type { ParsedScan } from '../../src/scanner/index.js';
import type { KioskArgs } from './args.js';
import { documentName, type Messages } from './messages.js';
import type { Platform } from './platform.js';

export interface Desk {
  /** Queues a scan; resolves when it (and everything before it) is handled. */
  scan(scan: ParsedScan): Promise<void>;
  /** Shows a new sandbox document to scan (only with the in-process sandbox). */
  nextHolder(): Promise<void>;
}

export function createDesk(
  platform: Platform,
  args: KioskArgs,
  t: Messages,
  print: (line: string) => void,
): Desk {
  const { acceptor, sandbox } = platform;
  const lang = args.lang;
  const explain = (error: unknown) => {
    const code = isAcceptError(error) ? error.code : 'UNEXPECTED';
    return [describeError(error, lang), code] as const;
  };
  let queue = Promise.resolve();

  const nextHolder = async () => {
    if (!sandbox) return;
    const shown = await sandbox.holder.showDocument(args.documentTypes[0] ?? 'passport');
    print(t.holder(documentName(shown.documentType, lang)));
    print(t.holderLink(shown.link));
    print(t.holderBarcode(shown.barcode));
  };

  const identify = async (scan: ParsedScan) => {
    print(t.checking);
    const result = await acceptor.identify(scan);
    if (result.status === 'valid') {
      print(t.valid(documentName(result.documentType, lang)));
      print(t.identity(result.method));
      return;
    }
    const [text, code] = explain(new AcceptError(result.reason ?? 'PLATFORM_UNAVAILABLE'));
    print(result.status === 'invalid' ? t.invalid(text, code) : t.unknown(text, code));
  };

  const requestCopy = async (scan: ParsedScan, acceptorRef: Acceptor) => {
    print(t.requesting(args.documentTypes.map((type) => documentName(type, lang)).join(', ')));
    try {
      const session = await acceptorRef.requestCopy(scan, args.documentTypes);
      print(t.waiting(session.id));
      const { copies, receipt } = await session.result();
      const bytes = copies.reduce((sum, copy) => sum + copy.content.byteLength, 0);
      print(t.copy(copies.length, bytes));
      print(t.receipt(receipt.requestId));
    } catch (error) {
      print(t.copyFailed(...explain(error)));
    }
    await nextHolder();
  };

  const handle = async (scan: ParsedScan) => {
    print('');
    // Something that is no Diia code gets one line with the reason, not "scanned: not a Diia code" and
    // then the reason again.
    if (scan.kind === 'unknown') return print(t.notDiia(...explain(scan.error)));
    if (scan.kind === 'deeplink') return print(t.deeplink);
    print(t.scanned(t.kinds[scan.kind] ?? scan.kind));
    if (scan.kind === 'document-link' || scan.kind === 'document-token') return identify(scan);
    return requestCopy(scan, acceptor);
  };

  return {
    scan(scan) {
      queue = queue.then(() => handle(scan)).catch((error: unknown) => print(t.notDiia(...explain(error))));
      return queue;
    },
    nextHolder,
  };
}
