// The flows port and the admin client over one login, as the CLI builds them: tests that make both kinds of
// call against one platform see one login, as before the port was split.
import { adminOver } from '../../src/transport/admin.js';
import { createPlatformClient } from '../../src/transport/client.js';
import { flowsOver } from '../../src/transport/diia.js';
import type { DiiaTransportOptions } from '../../src/transport/options.js';
import type { PlatformAdmin, PlatformTransport } from '../../src/transport/port.js';

export type PlatformClients = PlatformTransport & PlatformAdmin;

export function platformClients(options: DiiaTransportOptions): PlatformClients {
  const call = createPlatformClient(options, 'diiaTransport');
  return { ...flowsOver(call), ...adminOver(call) };
}
