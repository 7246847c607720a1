// Types of examples/settings.mjs for the TypeScript examples.
export interface PlatformSettings {
  readonly baseUrl: string | undefined;
  readonly acquirerToken: string | undefined;
  readonly authAcquirerToken: string | undefined;
  readonly jwksUrl: string | undefined;
  readonly branchId: string | undefined;
  /** A JWK with its `kid` (checked by the opener). */
  readonly partnerKey: (JsonWebKey & { readonly kid: string }) | undefined;
}
export declare const DEPRECATED: Readonly<Record<string, string>>;
export declare function platformSettings(
  env: Readonly<Record<string, string | undefined>>,
  overrides?: {
    baseUrl?: string | undefined;
    branchId?: string | undefined;
    partnerKey?: string | undefined;
  },
  warn?: (line: string) => void,
): PlatformSettings;
export declare function missingSettings(settings: PlatformSettings): string[];
