/**
 * The HTTP core that both clients of the partner API stand on: the options check, the login with the
 * acquirer token, the bearer-token cache and the authorised call (one re-login after a 401). The flows
 * port ({@link diiaTransport}) and the admin client (`diiaAdmin`) each build one; the CLI builds one and
 * shares it, so a command that needs both logs in once.
 *
 * @module
 */
import { parseDuration } from '../clock.js';
import { isAcceptError } from '../errors.js';
import { optionKeys, refuseUnknownOptions } from '../options.js';
import { createBearerCache } from './bearer.js';
import { type AuthorisedCall, callEndpoint, type Endpoint } from './http.js';
import { type DiiaTransportOptions, resolveOptions } from './options.js';
import type { CallOptions } from './port.js';
import { LoginAnswer } from './schemas.js';

/** Checks `options` (unknown keys refused, naming `factory`) and returns the authorised call over them. */
export function createPlatformClient(options: DiiaTransportOptions, factory: string): AuthorisedCall {
  refuseUnknownOptions(
    options,
    optionKeys<DiiaTransportOptions>({
      baseUrl: true,
      acquirerToken: true,
      authAcquirerToken: true,
      fetch: true,
      clock: true,
      timeouts: true,
      retries: true,
      sessionLifetime: true,
      renewBefore: true,
      userAgent: true,
      sleep: true,
    }),
    factory,
  );
  const settings = resolveOptions(options);

  const loginEndpoint: Endpoint<{ token: string }> = {
    name: 'login',
    method: 'GET',
    path: `/api/v1/auth/acquirer/${encodeURIComponent(settings.acquirerToken)}`,
    schema: LoginAnswer,
    safe: true,
    login: true,
  };
  // The Java and .NET SDKs send `Basic <acquirerToken>` on the login; whether the platform needs it is
  // unconfirmed, so it is the default, with another value or none as options.
  const loginHeaders: Record<string, string> =
    settings.authAcquirerToken === false
      ? {}
      : { authorization: `Basic ${settings.authAcquirerToken ?? settings.acquirerToken}` };
  const bearer = createBearerCache(
    async () =>
      (await callEndpoint(settings, loginEndpoint, loginHeaders, settings.loginTimeoutMs, undefined)).token,
    settings.clock,
    { lifetimeMs: settings.sessionLifetimeMs, renewBeforeMs: settings.renewBeforeMs },
  );

  return async function call<T>(endpoint: Endpoint<T>, given?: CallOptions): Promise<T> {
    refuseUnknownOptions(given, optionKeys<CallOptions>({ signal: true, timeout: true }), 'transport call');
    const callOptions = given ?? {};
    const timeoutMs =
      callOptions.timeout === undefined ? settings.requestTimeoutMs : parseDuration(callOptions.timeout);
    for (let round = 1; ; round++) {
      const token = await bearer.token(callOptions.signal);
      try {
        return await callEndpoint(
          settings,
          endpoint,
          { authorization: `Bearer ${token}` },
          timeoutMs,
          callOptions.signal,
        );
      } catch (error) {
        // A 401 is answered before the platform does anything, so even an unsafe call may be sent again.
        if (round === 1 && isAcceptError(error, 'PLATFORM_UNAUTHORISED')) {
          bearer.refused(token);
          continue;
        }
        throw error;
      }
    }
  };
}
