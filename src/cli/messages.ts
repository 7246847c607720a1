/**
 * What the `diia-accept` command says, in English and Ukrainian (`--lang uk`), its help text and its exit
 * codes.
 *
 * @module
 */
import type { Language } from '../errors.js';

/**
 * The exit codes of `diia-accept`. Scripts can tell "the code is not genuine" from "the platform refused"
 * from "try again later".
 */
export const EXIT_CODES = {
  /** Done; for `identify`, the code is genuine. */
  ok: 0,
  /** An unexpected failure (a bug: please report it). */
  failure: 1,
  /** The command line is wrong (unknown command or option, a missing or malformed argument, no token). */
  usage: 2,
  /** `identify`: the platform says the code is not genuine. */
  notGenuine: 3,
  /** The platform refused the request (bad request, no scope, not found, code used or expired, bad barcode). */
  refused: 4,
  /** The platform refused the partner's credentials. */
  unauthorised: 5,
  /** The platform is unavailable, too slow, rate-limiting or answering nonsense: the result is unknown. */
  unavailable: 6,
  /** `--wait`: the holder declined. */
  declined: 7,
  /** `--wait`: no answer in time (the request expired, or the wait ran out). */
  expired: 8,
  /**
   * `sign` and `login`: a signature was delivered but refused (not over the file sent, an untrusted or expired
   * certificate, a damaged signature): nothing was accepted.
   */
  signatureRefused: 9,
  /** Interrupted (Ctrl-C). */
  interrupted: 130,
} as const;

const TEXTS = {
  genuine: { en: 'The code is genuine and current.', uk: 'Код справжній і чинний.' },
  notGenuine: { en: 'The code is NOT genuine.', uk: 'Код НЕ справжній.' },
  requested: {
    en: 'Requested. Ask the holder to confirm in the app. Request id:',
    uk: 'Запит надіслано. Попросіть власника підтвердити в застосунку. Ідентифікатор запиту:',
  },
  deeplink: {
    en: 'Show this link (or its QR code) to the holder. Request id:',
    uk: 'Покажіть це посилання (або його QR-код) власнику. Ідентифікатор запиту:',
  },
  created: { en: 'Created:', uk: 'Створено:' },
  deleted: { en: 'Deleted.', uk: 'Видалено.' },
  none: { en: 'None.', uk: 'Немає.' },
  status: { en: 'Status:', uk: 'Стан:' },
  noToken: {
    en: 'Set the acquirer token in the environment variable DIIA_ACQUIRER_TOKEN.',
    uk: 'Вкажіть токен партнера у змінній середовища DIIA_ACQUIRER_TOKEN.',
  },
  usage: { en: 'Wrong command line:', uk: 'Неправильний командний рядок:' },
  seeHelp: { en: 'See: diia-accept --help', uk: 'Довідка: diia-accept --help' },
  scopeMissing: {
    en: 'The branch may not ask for these document types (not in its sharing scope):',
    uk: 'Відділення не може запитувати ці типи документів (їх немає серед дозволених йому для обміну, sharing scope):',
  },
  unknownCommand: { en: 'unknown command:', uk: 'невідома команда:' },
  commands: { en: 'The commands:', uk: 'Команди:' },
  sandboxReady: { en: 'Sandbox running at', uk: 'Пісочниця працює за адресою' },
  sandboxStop: { en: 'Press Ctrl-C to stop.', uk: 'Натисніть Ctrl-C, щоб зупинити.' },
  signLink: {
    en: 'Show this link (or its QR code) to the holder, to sign in the Diia app. Request id:',
    uk: 'Покажіть це посилання (або його QR-код) власнику, щоб підписати в застосунку «Дія». Ідентифікатор запиту:',
  },
  loginLink: {
    en: 'Show this link (or its QR code) to the holder, to log in with Diia ID. Request id:',
    uk: 'Покажіть це посилання (або його QR-код) власнику, щоб увійти з «Дія.Підписом». Ідентифікатор запиту:',
  },
  waiting: { en: 'Waiting for the holder until', uk: 'Чекаємо на власника до' },
  listening: {
    en: 'Receiving deliveries at (the branch webhook must reach it):',
    uk: 'Доставки приймаються за адресою (вебхук відділення має вести сюди):',
  },
  sandboxDiiaId: {
    en: "Sandbox at {url}: its holder's app signs as soon as the request arrives.",
    uk: 'Пісочниця за адресою {url}: застосунок її власника підписує, щойно надходить запит.',
  },
  verified: { en: 'verified', uk: 'перевірено' },
  signer: { en: 'signer', uk: 'підписувач' },
  person: { en: 'person', uk: 'особа' },
  taxId: { en: 'tax number', uk: 'РНОКПП' },
  edrpou: { en: 'EDRPOU', uk: 'ЄДРПОУ' },
  signedAt: { en: 'signed at', uk: 'підписано' },
  level: { en: 'level', uk: 'рівень' },
  unknownTime: { en: 'not in the signature', uk: 'немає в підписі' },
  refusedDelivery: {
    en: 'The signature was delivered but refused; nothing was accepted:',
    uk: 'Підпис надійшов, але його відхилено; нічого не прийнято:',
  },
  noCa: {
    en: 'Give the CA certificates to trust: --ca FILE (DER or .p7b), or DIIA_CA_CERTIFICATES.',
    uk: 'Вкажіть сертифікати ЦСК, яким довіряти: --ca ФАЙЛ (DER або .p7b) або DIIA_CA_CERTIFICATES.',
  },
} as const satisfies Record<string, Record<Language, string>>;

/** A text of the command in the chosen language. */
export type TextKey = keyof typeof TEXTS;

/** The text `key` in `language`. */
export function say(key: TextKey, language: Language): string {
  return TEXTS[key][language];
}

/** Every command `diia-accept` knows (`branches` and `offers` with their subcommand). */
export const COMMANDS: readonly string[] = [
  'sandbox',
  'identify',
  'request',
  'deeplink',
  'status',
  'branches list',
  'branches create',
  'branches delete',
  'offers list',
  'offers create',
  'offers delete',
  'sign',
  'login',
];

/** `diia-accept --help`. English only: option names and examples are the same in every language. */
export const HELP = `diia-accept: the Diia partner API from the command line.

Usage: diia-accept <command> [arguments] [options]
       diia-accept sandbox --help | --version

Commands:
  sandbox [--port N] [--webhook URL]     start a local platform sandbox on 127.0.0.1 and print its URL,
                                         acquirer token, a branch and a document code to scan; copies
                                         the holder approves are POSTed to the webhook
  branches list [--skip N] [--limit N]   list the partner's branches
  branches create --name NAME [--email E] [--region R] [--district D] [--location L] [--street S]
                  [--house H] [--full-name N] [--full-address A]
                  [--sharing TYPES] [--identification TYPES]
                                         create a branch (TYPES: comma-separated document types)
  branches delete <branchId>             delete a branch
  offers list --branch ID [--skip N] [--limit N]
  offers create --branch ID --name NAME --types TYPES [--return-link URL]
  offers delete --branch ID <offerId>
  identify <barcode|document link> --branch ID
                                         is the code genuine and current? (no personal data)
  request <barcode|document link> --branch ID [--types TYPES] [--request-id UUID] [--diia-id] [--wait]
                                         ask the holder for a copy; --types first checks that the
                                         branch may ask for those types
  deeplink --branch ID --offer ID [--return-link URL] [--request-id UUID] [--diia-id] [--wait]
                                         make a link (or QR code) for the holder to open
  status <requestId> (--barcode B | --otp OTP)
                                         the status of a copy request
  sign FILE… --branch ID --offer ID [--sign-algo DSTU|ECDSA] [--ca FILE] [--listen [HOST:]PORT]
                                         the holder signs the files (their hashes) in the Diia app;
                                         prints per file: verified, the signer's name and tax number,
                                         the signing time, the CAdES level
  login --branch ID --offer ID [--sign-algo DSTU|ECDSA] [--ca FILE] [--listen [HOST:]PORT]
                                         the holder logs in with Diia ID; prints who it is
  sign FILE… --sandbox | login --sandbox
                                         the same against a local sandbox, whose holder signs at once

Options:
  --base-url URL   the platform (default: $DIIA_BASE_URL, else https://api2s.diia.gov.ua, the test host)
  --json           print JSON instead of text
  --lang en|uk     the language of messages (default en; ua is taken as uk)
  --timeout T      how long one call may take, e.g. 10s (default 15s)
  --wait           after request/deeplink, follow the status until delivered, declined or expired
  --wait-for T     how long --wait waits in all (default 5m)
  --poll T         the pause between status calls of --wait (default 2s)
  --sign-algo A    sign, login: DSTU (the default) or ECDSA
  --ca FILE        sign, login: a CA certificate to trust (DER or a .p7b bundle such as the platform's
                   CACertificates.p7b); repeat for more (default: $DIIA_CA_CERTIFICATES)
  --login-hash R   login: how the request id is hashed: java-py (default: GOST 34.311 of the UUID's text,
                   as the Java and Python SDKs), php-sample (SHA-256, as the PHP sample) or platform
                   (the digest of the base64-decoded id); with ECDSA, php-sample and platform send the
                   digest ECDSA signers compute themselves (whether the app signs a GOST digest is unconfirmed)
  --listen H:P     sign, login: where to receive the delivery, at /diia/webhook (default 127.0.0.1:8080;
                   the branch's webhook must reach it, e.g. through your reverse proxy)
  --sandbox        sign, login: a local sandbox instead of the platform (no token needed)
  -h, --help       this help (with sandbox: the sandbox's help)
  --version        print the version

Environment:
  DIIA_ACQUIRER_TOKEN        the partner's acquirer token (required except for sandbox)
  DIIA_AUTH_ACQUIRER_TOKEN   the optional second credential sent on login
  DIIA_BASE_URL              the default for --base-url
  DIIA_BRANCH_ID             the default for --branch
  DIIA_CA_CERTIFICATES       the default for --ca (files separated by the path separator, : or ;)
  (the same names as the examples use: docs/guides/configuration.md)

Exit codes:
    0  done (identify: the code is genuine; --wait: the copy was delivered)
    1  unexpected failure (a bug: please report it)
    2  wrong command line (unknown command or option, missing argument, no token)
    3  identify: the code is not genuine
    4  the platform refused the request (code used or expired, bad barcode, no scope, not found)
    5  the platform refused the credentials
    6  the platform is unavailable: the result is unknown, try again later
    7  --wait: the holder declined
    8  --wait, sign, login: no answer in time
    9  sign, login: the signature was delivered but refused (not verified): nothing accepted
  130  interrupted (Ctrl-C)

sign and login print the signer's name and tax number on stdout, which is what they are for; diagnostics
on stderr carry codes only, never personal data.

Examples:
  DIIA_ACQUIRER_TOKEN=... diia-accept identify 2858364170864 --branch 64f0c2…
  diia-accept sign application.pdf --sandbox
`;

/** `diia-accept sandbox --help`. */
export const SANDBOX_HELP = `diia-accept sandbox: a local platform sandbox on 127.0.0.1, for development and tests.

Usage: diia-accept sandbox [--port N] [--webhook URL] [--json] [--lang en|uk]

Prints the sandbox's URL, an acquirer token, a branch and a document code to scan, then keeps running
until Ctrl-C. Press Enter for a new document code. No personal data: every holder is invented.
For sign and login (Diia ID) it also prints a signing offer, a login offer and the files of its test CA
certificates; its holder's app signs at once and delivers to --webhook.

Options:
  --port N         the port to listen on (default 0: any free port)
  --webhook URL    where to POST the copies the holder approves (the partner's webhook); without it,
                   copies can be requested but are not delivered
  --json           print the sandbox's settings as one JSON line
  --lang en|uk     the language of messages (default en)

Use the printed values as the CLI's settings in another terminal:
  DIIA_BASE_URL=<url> DIIA_ACQUIRER_TOKEN=<token> diia-accept identify <barcode> --branch <branch>
  diia-accept sandbox --webhook http://127.0.0.1:8080/diia/webhook, then in another terminal:
  DIIA_BASE_URL=<url> DIIA_ACQUIRER_TOKEN=<token> DIIA_CA_CERTIFICATES=<files> \\
    diia-accept sign FILE --branch <branch> --offer <signing offer> --listen 127.0.0.1:8080
`;
