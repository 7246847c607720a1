// The platform client of the commands: one login for the flow calls and the admin calls, from the command
// line and the environment (DIIA_BASE_URL, DIIA_AUTH_ACQUIRER_TOKEN).
import { createPlatformClient } from '../transport/client.js';
import type { AuthorisedCall } from '../transport/http.js';
import type { CliIo, CliValues } from './args.js';

/** The client for the real platform (or the one `--base-url` names) with the partner's token. */
export function platformClient(values: CliValues, io: CliIo, acquirerToken: string): AuthorisedCall {
  const authToken = io.env.DIIA_AUTH_ACQUIRER_TOKEN;
  return createPlatformClient(
    {
      baseUrl: values['base-url'] ?? io.env.DIIA_BASE_URL ?? 'https://api2s.diia.gov.ua',
      acquirerToken,
      ...(authToken ? { authAcquirerToken: authToken } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
      userAgent: 'diia-accept-cli',
    },
    'diia-accept',
  );
}
