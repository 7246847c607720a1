import { codeOf } from '../support/codes.js';
import { platformClients } from '../support/platform-clients.js';

/** Runs the calls and returns what came back, as plain JSON. */
export async function exerciseTransport(baseUrl: string, acquirerToken: string) {
  const transport = platformClients({ baseUrl, acquirerToken, retries: { attempts: 2, baseDelay: 1 } });
  const identified = await transport.identify({
    branchId: 'b-1',
    code: { kind: 'barcode', barcode: '2858364170864' },
  });
  const branches = await Promise.all(Array.from({ length: 10 }, () => transport.branches.list()));
  const used = await codeOf(
    transport.identify({ branchId: 'used', code: { kind: 'barcode', barcode: '2858364170864' } }),
  );
  const status = await transport.documentRequestStatus({
    barcode: '2858364170864',
    requestId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  });
  const timeout = await codeOf(transport.branches.get('slow', { timeout: 50 }));
  const controller = new AbortController();
  const pending = transport.branches.get('slow', { signal: controller.signal });
  setTimeout(() => controller.abort(), 20);
  const aborted = await codeOf(pending);
  const malformed = await codeOf(transport.branches.get('broken'));
  return { identified, lists: branches.length, used, status, timeout, aborted, malformed };
}
