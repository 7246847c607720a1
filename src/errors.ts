/**
 * One error class for the whole SDK. Every failure carries a stable `code` from {@link AcceptErrorCode};
 * the message catalog gives each code a short text in English and Ukrainian for the partner's operator.
 *
 * @module
 */

/** A message in the two languages the SDK speaks to operators. */
export interface LocalisedMessage {
  /** English. */
  readonly en: string;
  /** Ukrainian. */
  readonly uk: string;
}

/** A language the message catalog speaks: `'en'` (English) or `'uk'` (Ukrainian). */
export type Language = 'en' | 'uk';

/**
 * The message catalog: every error code with a short English and Ukrainian text. The code union is derived
 * from its keys, so a code cannot exist without both texts.
 *
 * @example
 * ```ts
 * import { ERROR_MESSAGES } from 'diia-accept';
 * console.log(ERROR_MESSAGES.SCAN_CHECK_DIGIT.uk);
 * ```
 */
export const ERROR_MESSAGES = {
  // General
  INVALID_ARGUMENT: {
    en: 'An argument passed to the SDK is not valid.',
    uk: 'Передано неприпустимий аргумент.',
  },
  INVALID_DURATION: {
    en: 'The duration is not valid (use a number of milliseconds or a value such as "30s", "3m", "2h").',
    uk: 'Неприпустима тривалість (вкажіть мілісекунди або значення на зразок "30s", "3m", "2h").',
  },
  ABORTED: { en: 'The operation was cancelled.', uk: 'Операцію скасовано.' },
  OPTIONAL_DEPENDENCY_MISSING: {
    en: 'An optional package this feature needs is not installed.',
    uk: 'Не встановлено додатковий пакет, потрібний для цієї функції.',
  },
  UNSUPPORTED_RUNTIME: {
    en: 'This runtime lacks a feature the SDK needs here.',
    uk: 'Це середовище виконання не має потрібної можливості.',
  },

  // Scans: classification of what a device produced
  SCAN_EMPTY: { en: 'The scan is empty.', uk: 'Скан порожній.' },
  SCAN_TOO_LONG: { en: 'The scan is too long.', uk: 'Скан задовгий.' },
  SCAN_INVALID_ENCODING: {
    en: 'The scan is not valid UTF-8 text.',
    uk: 'Скан не є коректним текстом UTF-8.',
  },
  SCAN_TEXT_UNDECODABLE: {
    en: 'The code was read, but its text is in a character set that cannot be told.',
    uk: 'Код прочитано, але його текст у кодуванні, яке неможливо визначити.',
  },
  SCAN_CONTROL_CHARACTER: {
    en: 'The scan contains control characters.',
    uk: 'Скан містить керівні символи.',
  },
  SCAN_NOT_HTTPS: { en: 'The link does not use HTTPS.', uk: 'Посилання не використовує HTTPS.' },
  SCAN_HOST_NOT_ALLOWED: {
    en: 'The link points to a host that is not allowed.',
    uk: 'Посилання веде на недозволений сервер.',
  },
  SCAN_URL_MALFORMED: { en: 'The link is malformed.', uk: 'Посилання має неправильний формат.' },
  SCAN_DOCUMENT_TYPE_UNKNOWN: {
    en: 'The document type is not known.',
    uk: 'Невідомий тип документа.',
  },
  SCAN_OTP_MALFORMED: {
    en: 'The one-time code in the link is malformed.',
    uk: 'Одноразовий код у посиланні має неправильний формат.',
  },
  SCAN_BARCODE_MALFORMED: {
    en: 'The barcode must be exactly 13 digits.',
    uk: 'Штрихкод має складатися рівно з 13 цифр.',
  },
  SCAN_CHECK_DIGIT: {
    en: 'The barcode check digit is wrong: scan it again.',
    uk: 'Неправильна контрольна цифра штрихкоду: відскануйте ще раз.',
  },
  SCAN_TOKEN_MALFORMED: {
    en: 'The signed document code is malformed.',
    uk: 'Підписаний код документа має неправильний формат.',
  },
  SCAN_DEEPLINK_MALFORMED: {
    en: 'The app link is malformed.',
    uk: 'Посилання застосунку має неправильний формат.',
  },
  SCAN_UNRECOGNISED: {
    en: 'This is not a Diia document code.',
    uk: 'Це не код документа Дії.',
  },

  // Scanner devices and decoders
  IMAGE_INVALID: {
    en: 'The image frame is not valid (size or pixel data).',
    uk: 'Кадр зображення неприпустимий (розмір або дані пікселів).',
  },
  IMAGE_NO_CODE: { en: 'No code was found in the image.', uk: 'У зображенні не знайдено коду.' },
  WEDGE_LAYOUT_MISMATCH: {
    en: 'The keyboard layout of this computer does not match the scanner; the scan was decoded by key position.',
    uk: 'Розкладка клавіатури не збігається зі сканером; скан розпізнано за положенням клавіш.',
  },
  HID_REPORT_MALFORMED: {
    en: 'The scanner sent a malformed report.',
    uk: 'Сканер надіслав пошкоджений звіт.',
  },
  HID_DESCRIPTOR_INVALID: {
    en: 'The scanner report descriptor cannot be used.',
    uk: 'Дескриптор звітів сканера непридатний.',
  },
  SERIAL_FRAME_TOO_LONG: {
    en: 'The scanner sent more data than a code can hold.',
    uk: 'Сканер надіслав більше даних, ніж може містити код.',
  },
  CAMERA_PERMISSION_DENIED: {
    en: 'Access to the camera was denied. Allow it in the browser settings.',
    uk: 'Доступ до камери заборонено. Дозвольте його в налаштуваннях браузера.',
  },
  CAMERA_NOT_FOUND: { en: 'No camera was found.', uk: 'Камеру не знайдено.' },
  CAMERA_IN_USE: {
    en: 'The camera is in use by another application.',
    uk: 'Камера зайнята іншою програмою.',
  },
  CAMERA_INSECURE_CONTEXT: {
    en: 'The camera works only on HTTPS pages or on localhost.',
    uk: 'Камера працює лише на сторінках HTTPS або на localhost.',
  },
  CAMERA_UNSUPPORTED: {
    en: 'This browser cannot use the camera.',
    uk: 'Цей браузер не може використовувати камеру.',
  },
  DEVICE_NOT_FOUND: { en: 'The scanner was not found.', uk: 'Сканер не знайдено.' },
  DEVICE_PERMISSION_DENIED: {
    en: 'No permission to open the scanner (on Linux, add a udev rule).',
    uk: 'Немає дозволу відкрити сканер (у Linux додайте правило udev).',
  },
  DEVICE_BUSY: {
    en: 'The scanner is in use by another program.',
    uk: 'Сканер використовує інша програма.',
  },
  DEVICE_DISCONNECTED: { en: 'The scanner was disconnected.', uk: 'Сканер від’єднано.' },

  // Signed document tokens
  TOKEN_MALFORMED: {
    en: 'The signed document code is malformed.',
    uk: 'Підписаний код документа має неправильний формат.',
  },
  TOKEN_TOO_LARGE: {
    en: 'The signed document code is too large.',
    uk: 'Підписаний код документа завеликий.',
  },
  TOKEN_ALGORITHM_NOT_ALLOWED: {
    en: 'The signature algorithm is not allowed.',
    uk: 'Алгоритм підпису не дозволено.',
  },
  TOKEN_TYPE_INVALID: {
    en: 'The code is not a document code (wrong type).',
    uk: 'Це не код документа (неправильний тип).',
  },
  TOKEN_HEADER_FORBIDDEN: {
    en: 'The code tries to bring its own key; this is not allowed.',
    uk: 'Код намагається передати власний ключ; це заборонено.',
  },
  TOKEN_CRIT_UNSUPPORTED: {
    en: 'The code requires an extension that is not supported.',
    uk: 'Код вимагає непідтримуваного розширення.',
  },
  TOKEN_KEY_UNKNOWN: {
    en: 'The code was signed with a key that is not trusted.',
    uk: 'Код підписано ключем, якому немає довіри.',
  },
  TOKEN_SIGNATURE_INVALID: {
    en: 'The signature of the code is not valid.',
    uk: 'Підпис коду недійсний.',
  },
  TOKEN_CLAIM_INVALID: {
    en: 'The code lacks a required field or has a wrong one.',
    uk: 'У коді бракує обов’язкового поля або воно неправильне.',
  },
  TOKEN_LIFETIME_TOO_LONG: {
    en: 'The code claims a lifetime longer than 180 seconds.',
    uk: 'Код заявляє строк дії понад 180 секунд.',
  },
  TOKEN_NOT_YET_VALID: {
    en: 'The code is issued in the future: check the clock of this computer.',
    uk: 'Код видано в майбутньому: перевірте годинник цього комп’ютера.',
  },
  TOKEN_EXPIRED: {
    en: 'The code has expired: ask the holder to show a new one.',
    uk: 'Строк дії коду минув: попросіть показати новий.',
  },
  TOKEN_AUDIENCE_MISMATCH: {
    en: 'The code was issued for another partner or branch.',
    uk: 'Код видано для іншого партнера або відділення.',
  },
  TOKEN_ISSUER_MISMATCH: {
    en: 'The code was issued by an unexpected issuer.',
    uk: 'Код видав неочікуваний видавець.',
  },
  TOKEN_ENCODING_INVALID: {
    en: 'The signed document code is not canonical base64url.',
    uk: 'Підписаний код документа не є канонічним base64url.',
  },
  TOKEN_DUPLICATE_MEMBER: {
    en: 'The signed document code repeats a field.',
    uk: 'Підписаний код документа повторює поле.',
  },
  TOKEN_KID_INVALID: {
    en: 'The key id of the code is missing or not valid.',
    uk: 'Ідентифікатор ключа в коді відсутній або неприпустимий.',
  },
  TOKEN_ALGORITHM_MISMATCH: {
    en: 'The signature algorithm of the code does not match its key.',
    uk: 'Алгоритм підпису коду не відповідає його ключу.',
  },
  TOKEN_UNENCODED_PAYLOAD: {
    en: 'The code uses an unencoded payload, which document codes never do.',
    uk: 'Код використовує незакодований вміст, чого коди документів ніколи не роблять.',
  },
  CODE_ALREADY_USED: {
    en: 'This code has been used already: ask the holder to show a new one.',
    uk: 'Цей код уже використано: попросіть показати новий.',
  },
  CODE_NOT_CONFIRMED: {
    en: 'The platform did not confirm this code: it is not genuine or no longer valid.',
    uk: 'Платформа не підтвердила цей код: він несправжній або вже недійсний.',
  },

  // Trust in keys and certificates
  TRUST_UNAVAILABLE: {
    en: 'The platform keys cannot be fetched now; the result is unknown.',
    uk: 'Ключі платформи зараз недоступні; результат невідомий.',
  },
  TRUST_STALE: {
    en: 'The platform keys are out of date; the result is unknown.',
    uk: 'Ключі платформи застаріли; результат невідомий.',
  },
  TRUST_KEY_INVALID: {
    en: 'A trusted key is not valid or not allowed.',
    uk: 'Довірений ключ недійсний або не дозволений.',
  },

  // Signatures on delivered copies
  SIGNATURE_MALFORMED: {
    en: 'The signature of the copy is malformed.',
    uk: 'Підпис копії має неправильний формат.',
  },
  SIGNATURE_INVALID: {
    en: 'The signature of the copy is not valid: the file was changed.',
    uk: 'Підпис копії недійсний: файл було змінено.',
  },
  SIGNATURE_SIGNER_UNTRUSTED: {
    en: 'The copy was signed by a key or certificate that is not trusted.',
    uk: 'Копію підписано ключем або сертифікатом, якому немає довіри.',
  },
  SIGNATURE_DIGEST_MISMATCH: {
    en: 'The signature was made over another file: its digest does not match this copy or file.',
    uk: 'Підпис зроблено для іншого файлу: його геш не відповідає цій копії чи файлу.',
  },
  SIGNATURE_ALGORITHM_NOT_ALLOWED: {
    en: 'The copy is signed with an algorithm that is not allowed.',
    uk: 'Копію підписано недозволеним алгоритмом.',
  },
  SIGNATURE_TIME_INVALID: {
    en: 'The signing time of the copy is missing or in the future.',
    uk: 'Час підписання копії відсутній або в майбутньому.',
  },
  SIGNATURE_SIGNER_COUNT: {
    en: 'The signature must have exactly one signer; this one has none or several.',
    uk: 'Підпис повинен мати рівно одного підписувача; цей не має жодного або має кількох.',
  },
  SIGNATURE_CONTENT_MISSING: {
    en: 'The signature does not carry the signed file, and neither the file nor its digest was given.',
    uk: 'Підпис не містить підписаного файлу, а ні файл, ні його геш не передано.',
  },
  SIGNATURE_TIMESTAMP_MISMATCH: {
    en: 'A timestamp attached to the signature is malformed or was not made over this signature.',
    uk: 'Позначка часу, додана до підпису, має неправильний формат або створена не для цього підпису.',
  },

  // Sealed envelopes (profiles)
  ENVELOPE_MALFORMED: { en: 'The sealed file is malformed.', uk: 'Захищений файл має неправильний формат.' },
  ENVELOPE_ALGORITHM_NOT_ALLOWED: {
    en: 'The sealed file uses an algorithm that is not allowed.',
    uk: 'Захищений файл використовує недозволений алгоритм.',
  },
  ENVELOPE_WRONG_RECIPIENT: {
    en: 'The sealed file was not encrypted for this partner.',
    uk: 'Захищений файл зашифровано не для цього партнера.',
  },
  ENVELOPE_DECRYPT_FAILED: {
    en: 'The sealed file cannot be decrypted: it was changed or damaged.',
    uk: 'Захищений файл не вдається розшифрувати: його змінено або пошкоджено.',
  },
  OPENER_WORKER_FAILED: {
    en: 'The worker thread that was opening the file stopped before it answered.',
    uk: 'Робочий потік, що відкривав файл, зупинився, не давши відповіді.',
  },
  KEY_CONTAINER_MALFORMED: {
    en: 'The key container cannot be read.',
    uk: 'Не вдається прочитати контейнер ключів.',
  },
  KEY_CONTAINER_PASSWORD: {
    en: 'The password of the key container is wrong.',
    uk: 'Неправильний пароль контейнера ключів.',
  },
  CERTIFICATE_MALFORMED: { en: 'The certificate cannot be read.', uk: 'Не вдається прочитати сертифікат.' },
  CERTIFICATE_EXPIRED: {
    en: 'The certificate had expired at the time checked.',
    uk: 'Строк дії сертифіката сплив до моменту перевірки.',
  },
  CERTIFICATE_NOT_YET_VALID: {
    en: 'The certificate was not yet valid at the time checked.',
    uk: 'Сертифікат ще не набув чинності на момент перевірки.',
  },
  CERTIFICATE_CHAIN_INVALID: {
    en: 'The certificate does not chain to a trusted authority.',
    uk: 'Сертифікат не веде до довіреного центру сертифікації.',
  },
  CERTIFICATE_ALGORITHM_NOT_ALLOWED: {
    en: 'The certificate uses a key or signature algorithm that is not allowed.',
    uk: 'Сертифікат використовує недозволений алгоритм ключа або підпису.',
  },
  CERTIFICATE_USAGE_NOT_ALLOWED: {
    en: 'The certificate may not be used for this signature (its key usage forbids it).',
    uk: 'Сертифікат не можна використати для цього підпису (це забороняє його призначення ключа).',
  },

  // Bounds on hostile input and on the clocks of single-use checks
  DER_LIMIT_EXCEEDED: {
    en: 'The file exceeds a structural limit (a number too long, too many elements or nesting too deep): it is refused unread.',
    uk: 'Файл перевищує структурне обмеження (задовге число, забагато елементів або завелика вкладеність): його відхилено без розбору.',
  },
  REPLAY_CLOCK_AHEAD: {
    en: "The code had already expired by the replay guard's clock: give the guard the verifier's clock.",
    uk: 'За годинником захисту від повторного використання код уже прострочено: передайте захисту годинник перевірки.',
  },

  // The platform's partner API
  PLATFORM_UNAUTHORISED: {
    en: 'The platform rejected the partner credentials.',
    uk: 'Платформа відхилила облікові дані партнера.',
  },
  PLATFORM_FORBIDDEN_SCOPE: {
    en: 'This branch has no permission (scope) for this request.',
    uk: 'Це відділення не має дозволу (scope) на такий запит.',
  },
  PLATFORM_RATE_LIMITED: {
    en: 'Too many requests to the platform: try again shortly.',
    uk: 'Забагато запитів до платформи: спробуйте трохи пізніше.',
  },
  PLATFORM_BAD_REQUEST: {
    en: 'The platform rejected the request as invalid.',
    uk: 'Платформа відхилила запит як неправильний.',
  },
  PLATFORM_BAD_BARCODE: {
    en: 'The platform does not recognise this barcode.',
    uk: 'Платформа не розпізнає цей штрихкод.',
  },
  PLATFORM_CODE_EXPIRED: {
    en: 'The code has expired: ask the holder to show a new one.',
    uk: 'Строк дії коду минув: попросіть показати новий.',
  },
  PLATFORM_CODE_USED: {
    en: 'This code has been used already: ask the holder to show a new one.',
    uk: 'Цей код уже використано: попросіть показати новий.',
  },
  PLATFORM_CODE_UNKNOWN: {
    en: 'The platform knows no document with this code: ask the holder to show it again.',
    uk: 'Платформа не знає документа з таким кодом: попросіть показати його ще раз.',
  },
  PLATFORM_NOT_FOUND: {
    en: 'The platform does not know this branch, offer or request.',
    uk: 'Платформа не знає такого відділення, пропозиції чи запиту.',
  },
  PLATFORM_UNAVAILABLE: {
    en: 'The platform is unavailable; the result is unknown.',
    uk: 'Платформа недоступна; результат невідомий.',
  },
  PLATFORM_TIMEOUT: {
    en: 'The platform did not answer in time; the result is unknown.',
    uk: 'Платформа не відповіла вчасно; результат невідомий.',
  },
  PLATFORM_MALFORMED_RESPONSE: {
    en: 'The platform sent an answer the SDK does not understand.',
    uk: 'Платформа надіслала незрозумілу відповідь.',
  },

  // Share sessions
  SHARE_DECLINED: {
    en: 'The holder declined to share the document.',
    uk: 'Власник відмовився поділитися документом.',
  },
  SHARE_EXPIRED: {
    en: 'The holder did not answer in time.',
    uk: 'Власник не відповів вчасно.',
  },
  SHARE_FAILED: {
    en: 'The copy could not be delivered.',
    uk: 'Копію не вдалося отримати.',
  },
  SHARE_SESSION_UNKNOWN: {
    en: 'There is no such request.',
    uk: 'Такого запиту немає.',
  },
  SHARE_STATE_CONFLICT: {
    en: 'The request is already finished.',
    uk: 'Запит уже завершено.',
  },

  // Webhook deliveries
  WEBHOOK_METHOD_NOT_ALLOWED: {
    en: 'The delivery must be an HTTP POST.',
    uk: 'Доставка має бути запитом HTTP POST.',
  },
  WEBHOOK_CONTENT_TYPE: {
    en: 'The delivery must be multipart/form-data or multipart/mixed.',
    uk: 'Доставка має бути у форматі multipart/form-data або multipart/mixed.',
  },
  WEBHOOK_TOO_LARGE: {
    en: 'The delivery is larger than allowed.',
    uk: 'Доставка більша за дозволений розмір.',
  },
  WEBHOOK_MULTIPART_MALFORMED: {
    en: 'The delivery body is malformed.',
    uk: 'Тіло доставки має неправильний формат.',
  },
  WEBHOOK_PART_MISSING: {
    en: 'The delivery lacks a required part.',
    uk: 'У доставці бракує обов’язкової частини.',
  },
  WEBHOOK_PART_UNEXPECTED: {
    en: 'The delivery has a part that was not requested.',
    uk: 'Доставка містить частину, якої не запитували.',
  },
  WEBHOOK_TRACE_ID_MISMATCH: {
    en: 'The delivery trace id does not match its contents.',
    uk: 'Ідентифікатор доставки не відповідає її вмісту.',
  },
  WEBHOOK_REQUEST_UNKNOWN: {
    en: 'The delivery is for a request this partner did not make.',
    uk: 'Доставка стосується запиту, якого цей партнер не робив.',
  },
  WEBHOOK_BARCODE_MISMATCH: {
    en: 'The delivery is for another barcode.',
    uk: 'Доставка стосується іншого штрихкоду.',
  },
  WEBHOOK_DOCUMENT_TYPES_MISMATCH: {
    en: 'The delivered document types differ from those requested.',
    uk: 'Типи доставлених документів відрізняються від запитаних.',
  },
  WEBHOOK_PART_TOO_LARGE: {
    en: 'A part of the delivery is larger than a part of its kind can be.',
    uk: 'Частина доставки більша, ніж може бути частина такого виду.',
  },
  WEBHOOK_FILE_NAME_MISMATCH: {
    en: 'The delivered file name names another document type or barcode than the delivery.',
    uk: 'Назва доставленого файлу вказує інший тип документа чи штрихкод, ніж доставка.',
  },
  WEBHOOK_LATE_DELIVERY: {
    en: 'The delivery arrived after the request had ended.',
    uk: 'Доставка надійшла після завершення запиту.',
  },

  // Diia ID (signing file hashes, login)
  DIIA_ID_ACTION_UNKNOWN: {
    en: 'The delivery names a Diia ID action this SDK does not know.',
    uk: 'Доставка вказує дію Дія.Підпису, яка невідома цьому SDK.',
  },
  DIIA_ID_ACTION_MISMATCH: {
    en: 'The Diia ID delivery is for another action than the request.',
    uk: 'Доставка Дія.Підпису стосується іншої дії, ніж запит.',
  },
  DIIA_ID_ENCODING: {
    en: 'The Diia ID delivery is not valid base64.',
    uk: 'Доставка Дія.Підпису не є коректним base64.',
  },
  DIIA_ID_PAYLOAD_MALFORMED: {
    en: 'The Diia ID delivery is not the expected JSON.',
    uk: 'Доставка Дія.Підпису не є очікуваним JSON.',
  },
  DIIA_ID_FILE_UNKNOWN: {
    en: 'The Diia ID delivery has a signature for a file that was not sent for signing.',
    uk: 'Доставка Дія.Підпису містить підпис файлу, який не надсилали на підписання.',
  },
  DIIA_ID_FILE_MISSING: {
    en: 'The Diia ID delivery lacks the signature of a file sent for signing.',
    uk: 'У доставці Дія.Підпису бракує підпису файлу, надісланого на підписання.',
  },
  DIIA_ID_FILE_DUPLICATE: {
    en: 'The Diia ID delivery has two signatures for the same file.',
    uk: 'Доставка Дія.Підпису містить два підписи одного файлу.',
  },
  DIIA_ID_VERIFY_FAILED: {
    en: 'The signature could not be checked because the verifier failed.',
    uk: 'Підпис не вдалося перевірити через збій перевірника.',
  },
  DIIA_ID_SESSION_UNKNOWN: {
    en: 'There is no such Diia ID request.',
    uk: 'Такого запиту Дія.Підпису немає.',
  },
  DIIA_ID_EXPIRED: {
    en: 'The Diia ID request expired before the holder signed.',
    uk: 'Строк запиту Дія.Підпису минув до того, як власник підписав.',
  },
  DIIA_ID_CANCELLED: {
    en: 'The Diia ID request was cancelled.',
    uk: 'Запит Дія.Підпису скасовано.',
  },

  // Stores
  STORE_UNAVAILABLE: {
    en: 'The storage is unavailable.',
    uk: 'Сховище недоступне.',
  },
  REPLAY_GUARD_FULL: {
    en: 'Too many codes are being checked at once; the result is unknown. Try again shortly.',
    uk: 'Забагато кодів перевіряється одночасно; результат невідомий. Спробуйте трохи пізніше.',
  },
} as const satisfies Record<string, LocalisedMessage>;

/**
 * Every stable error code of the SDK. Match on it, never on a message.
 *
 * @example
 * ```ts
 * import type { AcceptErrorCode } from 'diia-accept';
 * const retryable: AcceptErrorCode[] = ['PLATFORM_UNAVAILABLE', 'PLATFORM_TIMEOUT'];
 * ```
 */
export type AcceptErrorCode = keyof typeof ERROR_MESSAGES;

const BRAND: unique symbol = Symbol.for('diia-accept.AcceptError') as never;

/** Options of {@link AcceptError}. */
export interface AcceptErrorOptions {
  /** The underlying error (a platform error, a network error). Kept as `cause`, never in the message. */
  readonly cause?: unknown;
  /** A developer-facing detail in English; must never hold personal data or secrets. */
  readonly detail?: string;
}

/**
 * The SDK's error. `code` is stable; `message` is the English catalog text plus an optional detail for
 * developers. Personal data and secrets never go into it.
 *
 * @example
 * ```ts
 * import { AcceptError } from 'diia-accept';
 * throw new AcceptError('SCAN_CHECK_DIGIT', { detail: 'expected 4' });
 * ```
 */
export class AcceptError extends Error {
  /** The stable code of this failure. */
  readonly code: AcceptErrorCode;
  /** The developer-facing detail, if any. */
  readonly detail: string | undefined;
  declare readonly [BRAND]: true;

  constructor(code: AcceptErrorCode, options: AcceptErrorOptions = {}) {
    const text = ERROR_MESSAGES[code]?.en ?? String(code);
    super(
      options.detail ? `${text} (${options.detail})` : text,
      'cause' in options ? { cause: options.cause } : {},
    );
    this.name = 'AcceptError';
    this.code = code;
    this.detail = options.detail;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Tells whether `value` is an {@link AcceptError}, optionally of the given code(s). Works across duplicated
 * copies of the package (it checks a `Symbol.for` brand, not `instanceof`).
 *
 * @example
 * ```ts
 * import { isAcceptError } from 'diia-accept';
 * try { await acceptor.identify(scan); } catch (e) {
 *   if (isAcceptError(e, 'CODE_ALREADY_USED')) showNewCodeHint();
 * }
 * ```
 */
export function isAcceptError<C extends AcceptErrorCode>(
  value: unknown,
  code?: C | readonly C[],
): value is AcceptError & { readonly code: C } {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  if (code === undefined) return true;
  const actual = (value as { code?: unknown }).code as C;
  return typeof code === 'string' ? actual === code : code.includes(actual);
}

/**
 * The operator-facing text of an error in English or Ukrainian. Anything that is not an
 * {@link AcceptError} gets a generic text, so raw internals never reach the screen.
 *
 * @example
 * ```ts
 * import { AcceptError, describeError } from 'diia-accept';
 * describeError(new AcceptError('TOKEN_EXPIRED'), 'uk'); // 'Строк дії коду минув: …'
 * ```
 */
export function describeError(error: unknown, language: Language = 'en'): string {
  if (isAcceptError(error)) {
    const entry: LocalisedMessage | undefined = ERROR_MESSAGES[error.code];
    if (entry) return entry[language];
  }
  return language === 'uk' ? 'Сталася неочікувана помилка.' : 'An unexpected error occurred.';
}

/**
 * Tells whether a string is one of the SDK's error codes (for example, a code read back from a webhook
 * response or a store).
 *
 * @example
 * ```ts
 * import { isAcceptErrorCode } from 'diia-accept';
 * isAcceptErrorCode('TOKEN_EXPIRED'); // true
 * ```
 */
export function isAcceptErrorCode(value: unknown): value is AcceptErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_MESSAGES, value);
}
