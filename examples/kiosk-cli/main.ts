#!/usr/bin/env node
// A terminal front desk: reads a barcode scanner (USB-serial, HID Point-of-Sale, or a keyboard-wedge
// scanner typing into this terminal), checks each document code, confirms the holder's identity and asks
// for digital copies, printing the outcome in English or Ukrainian.
//
//   npx tsx examples/kiosk-cli/main.ts --stdin --lang uk
//   npx tsx examples/kiosk-cli/main.ts --serial /dev/ttyACM0 --lang en
//   npx tsx examples/kiosk-cli/main.ts --hid
import { describeError, isAcceptError } from '../../src/errors.js';
import {
  openHidPosScanner,
  openSerialScanner,
  readTerminalScanner,
  type ScannerStatus,
} from '../../src/scanner/node/index.js';
import { type KioskArgs, parseArgs, USAGE } from './args.js';
import { createDesk } from './desk.js';
import { MESSAGES, type Messages } from './messages.js';
import { openPlatform } from './platform.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

let args: KioskArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
  process.exit(2);
}
if (args.help) {
  print(USAGE);
  process.exit(0);
}
for (const warning of args.warnings) process.stderr.write(`${warning}\n`);
const t: Messages = MESSAGES[args.lang];
const explain = (error: unknown) =>
  isAcceptError(error)
    ? `${describeError(error, args.lang)} [${error.code}]${error.detail ? `\n  ${error.detail}` : ''}`
    : String(error);

print(t.title);
const platform = await openPlatform(args, t, print).catch((error: unknown) => {
  print(t.failed(explain(error)));
  process.exit(1);
});
const desk = createDesk(platform, args, t, print);
const onStatus = (status: ScannerStatus) => {
  if (status.type === 'connected') print(t.connected(status.device));
  else if (status.type === 'disconnected') print(t.disconnected(describeError(status.error, args.lang)));
  else if (status.type === 'reconnecting' && status.attempt <= 3)
    print(t.reconnecting(status.attempt, status.delayMs));
};

let stopping = false;
let stopScanner: () => Promise<void> | void = () => {};
const shutdown = async () => {
  if (stopping) return;
  stopping = true;
  await stopScanner();
  await platform.close();
  print(t.bye);
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  const source = args.source;
  if (source.kind === 'serial') {
    print(t.reading(source.path));
    const scanner = await openSerialScanner({
      path: source.path,
      baudRate: source.baudRate,
      ...(source.idleMs === undefined ? {} : { framing: { idleMs: source.idleMs } }),
      onScan: (frame) => void desk.scan(frame.scan),
      onStatus,
    });
    stopScanner = () => scanner.close();
  } else if (source.kind === 'hid') {
    print(t.reading('HID POS'));
    const scanner = await openHidPosScanner({
      filter: {
        ...(source.vendorId === undefined ? {} : { vendorId: source.vendorId }),
        ...(source.productId === undefined ? {} : { productId: source.productId }),
      },
      onScan: (scan) => void desk.scan(scan.scan),
      onStatus,
    });
    stopScanner = () => scanner.close();
  } else {
    print(t.reading(t.terminal));
    const terminal = readTerminalScanner({
      deskLayout: source.deskLayout,
      // Over SSH or a loaded machine keys arrive in clumps: allow longer pauses inside a scan.
      ...(source.maxGapMs === undefined
        ? {}
        : { maxGapMs: source.maxGapMs, maxAverageGapMs: Math.max(45, source.maxGapMs * 0.75) }),
      onScan: (scan) => void desk.scan(scan.scan),
      onInterrupt: () => void shutdown(),
    });
    stopScanner = () => terminal.close();
  }
  await desk.nextHolder();
} catch (error) {
  print(t.failed(explain(error)));
  await platform.close();
  process.exit(1);
}
