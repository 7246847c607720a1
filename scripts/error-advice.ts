// What to do about each error code, in English and Ukrainian: the hand-written half of docs/errors.md.
// The other half (the meaning) is the operator text in src/errors.ts. `npm run docs:errors` merges them;
// test/unit/error-docs.test.ts fails when a code has no entry here or docs/errors.md is out of date.
//
// Typed loosely on purpose: a code added to the catalog must not break the type check of the whole
// project before its advice is written; the unit test names the missing codes instead.
import type { LocalisedMessage } from '../src/errors.js';

/** For each section title of src/errors.ts (its `// …` comment), the Ukrainian title. */
export const SECTION_TITLES_UK: Readonly<Record<string, string>> = {
  General: 'Загальні',
  'Scans: classification of what a device produced': 'Скани: що саме прочитав пристрій',
  'Scanner devices and decoders': 'Сканери та розпізнавання зображень',
  'Signed document tokens': 'Підписані коди документів',
  'Trust in keys and certificates': 'Довіра до ключів і сертифікатів',
  'Signatures on delivered copies': 'Підписи отриманих копій',
  'Sealed envelopes (profiles)': 'Захищені файли (профілі)',
  "The platform's partner API": 'Партнерський API платформи',
  'Share sessions': 'Запити копій',
  'Webhook deliveries': 'Доставки на вебхук',
  'Diia ID (signing file hashes, login)': 'Дія.Підпис (підписання гешів файлів, вхід)',
  Stores: 'Сховища',
  'Bounds on hostile input and on the clocks of single-use checks':
    'Обмеження для ворожих даних і годинники одноразових перевірок',
};

const RESCAN = {
  en: 'Ask the holder to refresh the code in the app and scan again.',
  uk: 'Попросіть власника оновити код у застосунку й відскануйте ще раз.',
};
const NOT_DIIA = {
  en: 'Not a Diia code, or a damaged one: scan again; if it repeats, the code did not come from the Diia app.',
  uk: 'Це не код Дії або пошкоджений код: відскануйте ще раз; якщо повторюється, код створено не застосунком «Дія».',
};
const FORGED = {
  en: 'Treat the document as not confirmed. Do not retry with the same code; if it repeats with fresh codes, report it to your security officer.',
  uk: 'Вважайте документ непідтвердженим. Не повторюйте з тим самим кодом; якщо так буде й з новими кодами, повідомте відповідальну за безпеку особу.',
};
const DELIVERY_REFUSED = {
  en: 'The webhook refused the delivery and stored nothing. If the sender is the platform, keep the log line (code and request id) and contact platform support; never accept the copy by hand.',
  uk: 'Вебхук відхилив доставку й нічого не зберіг. Якщо її надіслала платформа, збережіть запис журналу (код і ідентифікатор запиту) та зверніться до підтримки платформи; не приймайте копію вручну.',
};

/** What to do about each code. Keys are codes of `ERROR_MESSAGES`. */
export const ERROR_ADVICE: Readonly<Record<string, LocalisedMessage>> = {
  // General
  INVALID_ARGUMENT: {
    en: 'A programming or configuration error: read `error.detail` (it names the option) and fix the call or the settings.',
    uk: 'Помилка в коді або налаштуваннях: прочитайте `error.detail` (там назва параметра) і виправте виклик чи налаштування.',
  },
  INVALID_DURATION: {
    en: 'Write durations as milliseconds (a number) or as a string with a unit: `"500ms"`, `"30s"`, `"3m"`, `"2h"`.',
    uk: 'Задавайте тривалість у мілісекундах (числом) або рядком з одиницею: `"500ms"`, `"30s"`, `"3m"`, `"2h"`.',
  },
  ABORTED: {
    en: 'Your code cancelled the call (an `AbortSignal`, a closed store or scanner). Nothing to fix; start again if it was not intended.',
    uk: 'Виклик скасував ваш код (`AbortSignal`, закрите сховище чи сканер). Виправляти нічого; якщо це ненавмисно, почніть знову.',
  },
  OPTIONAL_DEPENDENCY_MISSING: {
    en: 'Install the package named in `error.detail` next to diia-accept (`ioredis`, `node-hid` or `serialport`).',
    uk: 'Встановіть пакет, названий у `error.detail`, поряд із diia-accept (`ioredis`, `node-hid` або `serialport`).',
  },
  UNSUPPORTED_RUNTIME: {
    en: 'The browser or device lacks the feature (a camera without torch or zoom, no WebAssembly, an old browser). Hide the control or use a current Chrome, Edge or Firefox.',
    uk: 'Браузер або пристрій не має цієї можливості (камера без ліхтарика чи масштабу, немає WebAssembly, застарілий браузер). Приховайте цей елемент керування або скористайтеся сучасним Chrome, Edge чи Firefox.',
  },

  // Scans
  SCAN_EMPTY: {
    en: 'The scanner sent nothing but a terminator: scan again. If it repeats, check the scanner’s prefix/suffix settings.',
    uk: 'Сканер надіслав лише завершальний символ: відскануйте ще раз. Якщо повторюється, перевірте налаштування префікса й суфікса сканера.',
  },
  SCAN_TOO_LONG: NOT_DIIA,
  SCAN_INVALID_ENCODING: {
    en: 'The scanner changed the characters: set it to send UTF-8 (or plain ASCII) and scan again.',
    uk: 'Сканер спотворив символи: налаштуйте його на UTF-8 (або звичайний ASCII) і відскануйте ще раз.',
  },
  SCAN_TEXT_UNDECODABLE: {
    en: 'Not a Diia code (Diia codes are plain ASCII): the code carries binary data or text in an undeclared character set; its bytes are in the result.',
    uk: 'Це не код Дії (коди Дії — звичайний ASCII): код містить двійкові дані або текст у неоголошеному кодуванні; його байти є в результаті.',
  },
  SCAN_CONTROL_CHARACTER: {
    en: 'The scanner inserts control characters (often a prefix or a GS separator): turn them off in its settings, or set `prefix`/`suffix` of the wedge decoder.',
    uk: 'Сканер додає керівні символи (часто префікс або роздільник GS): вимкніть їх у налаштуваннях сканера або задайте `prefix`/`suffix` декодера клавіатурного сканера.',
  },
  SCAN_NOT_HTTPS: NOT_DIIA,
  SCAN_HOST_NOT_ALLOWED: {
    en: 'The QR code leads to a site other than Diia: do not open it. If your platform uses another host (a test environment), add it to `allowedHosts`.',
    uk: 'QR-код веде на сайт, що не належить Дії: не відкривайте його. Якщо ваша платформа використовує інший сервер (тестове середовище), додайте його до `allowedHosts`.',
  },
  SCAN_URL_MALFORMED: NOT_DIIA,
  SCAN_DOCUMENT_TYPE_UNKNOWN: {
    en: 'The SDK does not know this document type yet: check for a newer diia-accept; meanwhile confirm the document another way.',
    uk: 'SDK ще не знає цього типу документа: перевірте, чи є новіша версія diia-accept; тим часом підтвердьте документ в інший спосіб.',
  },
  SCAN_OTP_MALFORMED: NOT_DIIA,
  SCAN_BARCODE_MALFORMED: {
    en: 'Scan the 13-digit barcode again, slowly and straight on. A keyboard scanner dropping digits types too fast for the computer: lower its speed.',
    uk: 'Відскануйте 13-значний штрихкод ще раз, повільно й прямо. Якщо клавіатурний сканер губить цифри, він друкує надто швидко: зменшіть його швидкість.',
  },
  SCAN_CHECK_DIGIT: {
    en: 'A digit was misread: scan again. If it repeats with a keyboard scanner, check the scanner layout (see the troubleshooting guide).',
    uk: 'Одну цифру прочитано неправильно: відскануйте ще раз. Якщо повторюється з клавіатурним сканером, перевірте його розкладку (див. посібник з усунення проблем).',
  },
  SCAN_TOKEN_MALFORMED: NOT_DIIA,
  SCAN_DEEPLINK_MALFORMED: NOT_DIIA,
  SCAN_UNRECOGNISED: {
    en: 'The operator scanned something else (another barcode on the document, a product code): scan the QR code or the 13-digit barcode shown in the Diia app.',
    uk: 'Оператор відсканував щось інше (інший штрихкод на документі, код товару): відскануйте QR-код або 13-значний штрихкод із застосунку «Дія».',
  },

  // Scanner devices and decoders
  IMAGE_INVALID: {
    en: 'A programming error: the frame’s width, height and pixel data do not agree. Check the frame format you pass (`rgba`, `luma`).',
    uk: 'Помилка в коді: ширина, висота й дані пікселів кадру не узгоджуються. Перевірте формат кадру, який передаєте (`rgba`, `luma`).',
  },
  IMAGE_NO_CODE: {
    en: 'Hold the phone 15–25 cm from the camera, screen brightness up, without glare; let the camera focus.',
    uk: 'Тримайте телефон за 15–25 см від камери, з увімкненою яскравістю екрана й без відблисків; дайте камері сфокусуватися.',
  },
  WEDGE_LAYOUT_MISMATCH: {
    en: 'Only a warning: the scan was decoded correctly. To silence it, switch the desk computer to the English layout while scanning, or set `scannerLayout` to the scanner’s layout.',
    uk: 'Лише попередження: скан розпізнано правильно. Щоб його не було, перемикайте комп’ютер на англійську розкладку під час сканування або вкажіть `scannerLayout` відповідно до сканера.',
  },
  HID_REPORT_MALFORMED: {
    en: 'Scan again. If it repeats, the scanner is not in HID Point-of-Sale mode or its firmware is faulty: reset it to factory settings and select the HID POS mode from its manual.',
    uk: 'Відскануйте ще раз. Якщо повторюється, сканер не в режимі HID Point-of-Sale або має збій прошивки: скиньте його до заводських налаштувань і виберіть режим HID POS за інструкцією.',
  },
  HID_DESCRIPTOR_INVALID: {
    en: 'This scanner’s HID POS mode is not standard: give the report layout explicitly (`layout`) or use it in keyboard or serial mode instead.',
    uk: 'Режим HID POS цього сканера нестандартний: задайте розміщення звіту явно (`layout`) або використовуйте сканер у режимі клавіатури чи послідовного порту.',
  },
  SERIAL_FRAME_TOO_LONG: {
    en: 'The serial settings do not match: set the same baud rate as the scanner (often 9600 or 115200) and make sure the scanner ends each code with CR or LF.',
    uk: 'Налаштування послідовного порту не збігаються: задайте ту саму швидкість, що й у сканера (часто 9600 або 115200), і переконайтеся, що сканер завершує кожен код символом CR або LF.',
  },
  CAMERA_PERMISSION_DENIED: {
    en: 'Allow the camera for this site (the camera icon in the address bar, or the site settings); on managed computers ask the administrator to allow it by policy.',
    uk: 'Дозвольте камеру для цього сайту (значок камери в адресному рядку або налаштування сайту); на керованих комп’ютерах попросіть адміністратора дозволити її політикою.',
  },
  CAMERA_NOT_FOUND: {
    en: 'Connect a camera (or check the cable and the system’s privacy settings) and start the scanner again.',
    uk: 'Під’єднайте камеру (або перевірте кабель і налаштування конфіденційності системи) і запустіть сканер знову.',
  },
  CAMERA_IN_USE: {
    en: 'Close the other program or browser tab using the camera (a video call), then start the scanner again.',
    uk: 'Закрийте іншу програму чи вкладку браузера, яка використовує камеру (відеодзвінок), і запустіть сканер знову.',
  },
  CAMERA_INSECURE_CONTEXT: {
    en: 'Serve the page over HTTPS (or open it as http://localhost while developing).',
    uk: 'Відкривайте сторінку через HTTPS (або як http://localhost під час розробки).',
  },
  CAMERA_UNSUPPORTED: {
    en: 'Use a current Chrome, Edge, Firefox or Safari; inside an iframe, add `allow="camera"` to it.',
    uk: 'Використовуйте сучасний Chrome, Edge, Firefox або Safari; якщо сторінка в iframe, додайте йому `allow="camera"`.',
  },
  DEVICE_NOT_FOUND: {
    en: 'Plug the scanner in and check that it is in the expected mode (HID POS or serial, not keyboard); check the vendor and product ids you filter by.',
    uk: 'Під’єднайте сканер і перевірте, що він у потрібному режимі (HID POS або послідовний порт, а не клавіатура); перевірте ідентифікатори виробника й пристрою у фільтрі.',
  },
  DEVICE_PERMISSION_DENIED: {
    en: 'On Linux install the udev rule from `scannerUdevRule()` (or from `error.detail`) and plug the scanner in again; in a browser, the user must pick the device in the prompt.',
    uk: 'У Linux установіть правило udev з `scannerUdevRule()` (або з `error.detail`) і під’єднайте сканер знову; у браузері користувач має вибрати пристрій у запиті.',
  },
  DEVICE_BUSY: {
    en: 'Close the other program holding the scanner (another kiosk instance, a vendor utility), then connect again.',
    uk: 'Закрийте іншу програму, що тримає сканер (інший екземпляр кіоску, утиліту виробника), і під’єднайтеся знову.',
  },
  DEVICE_DISCONNECTED: {
    en: 'Check the cable. The Node adapters reconnect on their own; in a browser, connect the scanner again.',
    uk: 'Перевірте кабель. Адаптери для Node під’єднуються знову самі; у браузері під’єднайте сканер ще раз.',
  },

  // Signed document tokens
  TOKEN_MALFORMED: FORGED,
  TOKEN_TOO_LARGE: FORGED,
  TOKEN_ALGORITHM_NOT_ALLOWED: FORGED,
  TOKEN_TYPE_INVALID: FORGED,
  TOKEN_HEADER_FORBIDDEN: FORGED,
  TOKEN_CRIT_UNSUPPORTED: FORGED,
  TOKEN_KEY_UNKNOWN: {
    en: 'Check that the trust store points to the platform’s JWKS for this environment (test or production). If it does, the code is not genuine.',
    uk: 'Перевірте, що сховище довіри вказує на JWKS платформи саме цього середовища (тестового чи робочого). Якщо так, код несправжній.',
  },
  TOKEN_SIGNATURE_INVALID: FORGED,
  TOKEN_CLAIM_INVALID: FORGED,
  TOKEN_LIFETIME_TOO_LONG: FORGED,
  TOKEN_NOT_YET_VALID: {
    en: 'Set this computer’s clock right (turn on automatic time, NTP). Then ask the holder for a new code.',
    uk: 'Виправте годинник цього комп’ютера (увімкніть автоматичний час, NTP). Потім попросіть показати новий код.',
  },
  TOKEN_EXPIRED: {
    en: 'Ask the holder to refresh the code in the app and scan within 180 seconds. If fresh codes expire too, check this computer’s clock.',
    uk: 'Попросіть власника оновити код у застосунку й відскануйте протягом 180 секунд. Якщо й нові коди «прострочені», перевірте годинник комп’ютера.',
  },
  TOKEN_AUDIENCE_MISMATCH: {
    en: 'The code was made for another organisation or branch: ask the holder to show a new code at this desk. Check that `branchId` is this branch.',
    uk: 'Код створено для іншої організації чи відділення: попросіть показати новий код саме тут. Перевірте, що `branchId` — це ваше відділення.',
  },
  TOKEN_ISSUER_MISMATCH: {
    en: 'Check the `issuer` setting against the platform environment you use; otherwise treat the code as not genuine.',
    uk: 'Звірте параметр `issuer` із середовищем платформи, яке ви використовуєте; інакше вважайте код несправжнім.',
  },
  TOKEN_ENCODING_INVALID: FORGED,
  TOKEN_DUPLICATE_MEMBER: FORGED,
  TOKEN_KID_INVALID: FORGED,
  TOKEN_ALGORITHM_MISMATCH: FORGED,
  TOKEN_UNENCODED_PAYLOAD: FORGED,
  CODE_ALREADY_USED: RESCAN,
  CODE_NOT_CONFIRMED: {
    en: 'The document is not confirmed. Ask the holder to refresh the code and scan once more; if the answer is the same, do not accept the document.',
    uk: 'Документ не підтверджено. Попросіть власника оновити код і відскануйте ще раз; якщо відповідь та сама, не приймайте документ.',
  },

  // Trust
  TRUST_UNAVAILABLE: {
    en: 'The result is unknown, not negative: retry shortly. Check that the server reaches the platform’s JWKS URL (firewall, proxy, DNS).',
    uk: 'Результат невідомий, а не негативний: повторіть трохи згодом. Перевірте, що сервер має доступ до адреси JWKS платформи (брандмауер, проксі, DNS).',
  },
  TRUST_STALE: {
    en: 'The keys could not be refreshed for longer than `maxStale`: restore access to the JWKS URL; answers stay unknown until then.',
    uk: 'Ключі не вдається оновити довше за `maxStale`: відновіть доступ до адреси JWKS; доти відповіді залишатимуться невідомими.',
  },
  TRUST_KEY_INVALID: {
    en: 'The key set or a pinned key is unusable: check the JWKS URL (it must return `{"keys": [...]}`) or the keys you pin.',
    uk: 'Набір ключів або закріплений ключ непридатний: перевірте адресу JWKS (вона має повертати `{"keys": [...]}`) або ключі, які ви закріплюєте.',
  },

  // Signatures on delivered copies
  SIGNATURE_MALFORMED: DELIVERY_REFUSED,
  SIGNATURE_INVALID: DELIVERY_REFUSED,
  SIGNATURE_SIGNER_UNTRUSTED: {
    en: 'Check the trust settings (JWKS URL, or the CA bundle and platform certificates for the dstu profile) for this environment; otherwise the copy is not from the platform.',
    uk: 'Перевірте налаштування довіри (адресу JWKS або набір сертифікатів ЦСК і сертифікати платформи для профілю dstu) для цього середовища; інакше копія не від платформи.',
  },
  SIGNATURE_DIGEST_MISMATCH: DELIVERY_REFUSED,
  SIGNATURE_ALGORITHM_NOT_ALLOWED: DELIVERY_REFUSED,
  SIGNATURE_TIME_INVALID: {
    en: 'Check this server’s clock (NTP). If it is right, the delivery is refused as not genuine.',
    uk: 'Перевірте годинник сервера (NTP). Якщо він правильний, доставку відхилено як несправжню.',
  },
  SIGNATURE_SIGNER_COUNT: {
    en: 'Treat the file as not signed. A signature from the app has one signer; ask the holder to sign again.',
    uk: 'Вважайте файл непідписаним. Підпис із застосунку має одного підписувача; попросіть власника підписати ще раз.',
  },
  SIGNATURE_CONTENT_MISSING: {
    en: 'Pass the signed file, or the digest you sent for signing, together with the signature.',
    uk: 'Передайте разом із підписом підписаний файл або геш, який ви надсилали на підписання.',
  },
  SIGNATURE_TIMESTAMP_MISMATCH: {
    en: 'Treat the signature as not confirmed: its timestamp belongs to something else. Ask the holder to sign again.',
    uk: 'Вважайте підпис непідтвердженим: його позначка часу стосується іншого. Попросіть власника підписати ще раз.',
  },

  // Sealed envelopes
  ENVELOPE_MALFORMED: DELIVERY_REFUSED,
  ENVELOPE_ALGORITHM_NOT_ALLOWED: DELIVERY_REFUSED,
  ENVELOPE_WRONG_RECIPIENT: {
    en: 'The copy was sealed to another key: make sure the opener has the private key whose public half the platform has for you (during a key change, give both keys).',
    uk: 'Копію зашифровано для іншого ключа: переконайтеся, що відкривач має особистий ключ, відкриту частину якого має платформа (під час зміни ключа передайте обидва).',
  },
  ENVELOPE_DECRYPT_FAILED: DELIVERY_REFUSED,
  REPLAY_CLOCK_AHEAD: {
    en: "The replay guard and the verifier disagree about the time. Create the guard with the verifier's clock (memoryReplayGuard({ clock }), redisReplayGuard({ clock })) and keep the server's clock synchronised (NTP); the code itself may be fine: scan a fresh one.",
    uk: 'Захист від повторного використання і перевірка по-різному бачать час. Створіть захист із годинником перевірки (memoryReplayGuard({ clock }), redisReplayGuard({ clock })) і синхронізуйте годинник сервера (NTP); сам код може бути справним: відскануйте новий.',
  },
  DER_LIMIT_EXCEEDED: {
    en: 'No genuine certificate, key container or delivery comes near these limits: treat the input as an attack or as corrupt, keep the log line, and do not retry it. The limits are listed in the threat model (resource exhaustion).',
    uk: 'Жоден справжній сертифікат, контейнер ключів чи доставка не наближається до цих обмежень: вважайте дані атакою або пошкодженими, збережіть запис журналу й не повторюйте. Обмеження перелічено в моделі загроз (вичерпання ресурсів).',
  },
  OPENER_WORKER_FAILED: {
    en: 'Answer the delivery with an error so the platform sends it again; the pool starts a new thread. If it repeats, look for memory limits (`resourceLimits`) or a crash in the logs.',
    uk: 'Дайте на доставку відповідь з помилкою, щоб платформа надіслала її знову; пул запускає новий потік. Якщо повторюється, перевірте обмеження пам’яті (`resourceLimits`) і журнали на збої.',
  },
  KEY_CONTAINER_MALFORMED: {
    en: 'Check that the file is the key container itself (`Key-6.dat`, `.pfx`, `.p12`) and was copied in binary mode.',
    uk: 'Перевірте, що це сам файл контейнера ключів (`Key-6.dat`, `.pfx`, `.p12`) і що його скопійовано без змін (у двійковому режимі).',
  },
  KEY_CONTAINER_PASSWORD: {
    en: 'Set the right container password (from your secret store, not from the code).',
    uk: 'Задайте правильний пароль контейнера (зі сховища секретів, а не в коді).',
  },
  CERTIFICATE_MALFORMED: {
    en: 'Check the certificate files (DER or the `.p7b` bundle, not PEM text with extra lines).',
    uk: 'Перевірте файли сертифікатів (DER або набір `.p7b`, а не текст PEM із зайвими рядками).',
  },
  CERTIFICATE_EXPIRED: {
    en: 'Renew your certificate, or update the platform’s certificates from the CA. For archived deliveries, open with `validity: "signing-time"`.',
    uk: 'Поновіть свій сертифікат або оновіть сертифікати платформи з ЦСК. Для архівних доставок відкривайте з `validity: "signing-time"`.',
  },
  CERTIFICATE_NOT_YET_VALID: {
    en: 'Check the clock of the server (and the clock you inject). A certificate issued minutes ago may also mean the platform renewed its keys: update its certificates.',
    uk: 'Перевірте годинник сервера (і годинник, який ви передаєте). Щойно виданий сертифікат може означати, що платформа оновила ключі: оновіть її сертифікати.',
  },
  CERTIFICATE_CHAIN_INVALID: {
    en: 'Update the CA bundle (`CACertificates.p7b` from the accredited CAs) and the platform’s certificates.',
    uk: 'Оновіть набір сертифікатів ЦСК (`CACertificates.p7b` від кваліфікованих надавачів) і сертифікати платформи.',
  },
  CERTIFICATE_ALGORITHM_NOT_ALLOWED: {
    en: 'Only ECDSA keys on P-256 or P-384 signed with ecdsa-with-SHA256/SHA384 are accepted here; ask the signer for a certificate of that kind (an RSA, SHA-1 or P-521 certificate is refused on purpose).',
    uk: 'Тут приймаються лише ключі ECDSA на кривих P-256 або P-384, підписані ecdsa-with-SHA256/SHA384; попросіть підписувача про такий сертифікат (сертифікат RSA, SHA-1 чи P-521 відхиляється свідомо).',
  },
  CERTIFICATE_USAGE_NOT_ALLOWED: {
    en: 'The signer used a key meant for something else (encryption or key agreement); the signature must be made with the signing key.',
    uk: 'Підписувач використав ключ іншого призначення (шифрування чи узгодження ключів); підпис має бути зроблено ключем підпису.',
  },

  // The platform's partner API
  PLATFORM_UNAUTHORISED: {
    en: 'Check the acquirer token (and `authAcquirerToken` if you were given one) for this environment; test tokens do not work in production.',
    uk: 'Перевірте токен партнера (acquirer token) і `authAcquirerToken`, якщо його видано, для цього середовища; тестові токени не діють у робочому.',
  },
  PLATFORM_FORBIDDEN_SCOPE: {
    en: 'The branch lacks the document type in its scopes: create the branch again with the scope (scopes cannot be edited in place).',
    uk: 'Відділення не має цього типу документа в дозволах: створіть відділення знову з потрібним дозволом (дозволи не редагуються).',
  },
  PLATFORM_RATE_LIMITED: {
    en: 'Wait and retry; the transport already honours `Retry-After`. If it happens often, spread requests or ask the platform for a higher limit.',
    uk: 'Зачекайте й повторіть; транспорт уже враховує `Retry-After`. Якщо це часто, рівномірніше розподіліть запити або попросіть у платформи вищий ліміт.',
  },
  PLATFORM_BAD_REQUEST: {
    en: 'A programming error or a platform change: read `error.detail` and the platform’s message (`cause`), and update diia-accept.',
    uk: 'Помилка в коді або зміна на платформі: прочитайте `error.detail` і повідомлення платформи (`cause`) та оновіть diia-accept.',
  },
  PLATFORM_BAD_BARCODE: {
    en: 'Ask the holder to refresh the code in the app, then scan the 13-digit barcode shown in the Diia app.',
    uk: 'Попросіть власника оновити код у застосунку й відскануйте 13-значний штрихкод із застосунку «Дія».',
  },
  PLATFORM_CODE_EXPIRED: {
    en: 'Ask the holder to refresh the code in the app and scan within 180 seconds.',
    uk: 'Попросіть власника оновити код у застосунку й відскануйте протягом 180 секунд.',
  },
  PLATFORM_CODE_USED: RESCAN,
  PLATFORM_CODE_UNKNOWN: RESCAN,
  PLATFORM_NOT_FOUND: {
    en: 'Check `branchId` (and the offer id): it must be a branch of this partner in this environment.',
    uk: 'Перевірте `branchId` (і ідентифікатор пропозиції): це має бути відділення цього партнера в цьому середовищі.',
  },
  PLATFORM_UNAVAILABLE: {
    en: 'The result is unknown, not negative, and the code was not used up: retry in a minute. Check the server’s network route to the platform.',
    uk: 'Результат невідомий, а не негативний, і код не витрачено: повторіть за хвилину. Перевірте мережевий доступ сервера до платформи.',
  },
  PLATFORM_TIMEOUT: {
    en: 'The result is unknown and the code was not used up: retry. If it is frequent, check the network or raise `timeouts.request`.',
    uk: 'Результат невідомий, код не витрачено: повторіть. Якщо це часто, перевірте мережу або збільште `timeouts.request`.',
  },
  PLATFORM_MALFORMED_RESPONSE: {
    en: 'The platform’s API may have changed, or a proxy answered instead: check `baseUrl` and proxies, and update diia-accept.',
    uk: 'Можливо, змінився API платформи або замість неї відповів проксі: перевірте `baseUrl` і проксі та оновіть diia-accept.',
  },

  // Share sessions
  SHARE_DECLINED: {
    en: 'The holder said no: the copy cannot be received. Ask whether they want to try again, or accept the document another way.',
    uk: 'Власник відмовив: копію отримати не можна. Запитайте, чи хоче він спробувати ще раз, або прийміть документ в інший спосіб.',
  },
  SHARE_EXPIRED: {
    en: 'Make a new request and ask the holder to confirm in the app while at the desk. If copies never arrive although holders confirm, check the webhook URL and its TLS.',
    uk: 'Створіть новий запит і попросіть власника підтвердити в застосунку, поки він біля вас. Якщо копії не надходять, хоча власники підтверджують, перевірте адресу вебхука та її TLS.',
  },
  SHARE_FAILED: {
    en: 'The delivery could not be accepted: see the webhook’s log for its code, then make a new request.',
    uk: 'Доставку не вдалося прийняти: знайдіть її код у журналі вебхука й створіть новий запит.',
  },
  SHARE_SESSION_UNKNOWN: {
    en: 'Check the request id. With several servers, use a shared store (Redis); with the in-memory store, sessions end with a restart.',
    uk: 'Перевірте ідентифікатор запиту. Якщо серверів кілька, використовуйте спільне сховище (Redis); у пам’яті запити зникають після перезапуску.',
  },
  SHARE_STATE_CONFLICT: {
    en: 'The request was already finished (or the id reused): read its state with `session.state()` and make a new request if needed.',
    uk: 'Запит уже завершено (або ідентифікатор використано вдруге): перевірте його стан через `session.state()` і за потреби створіть новий запит.',
  },

  // Webhook deliveries
  WEBHOOK_METHOD_NOT_ALLOWED: {
    en: 'Route only POST requests to the webhook; health checks belong on another path.',
    uk: 'Спрямовуйте на вебхук лише запити POST; перевірку стану роблять за іншою адресою.',
  },
  WEBHOOK_CONTENT_TYPE: {
    en: 'Mount the webhook without a body parser in front of it: it must receive the raw multipart body.',
    uk: 'Підключайте вебхук без парсера тіла перед ним: він має отримати необроблене тіло multipart.',
  },
  WEBHOOK_TOO_LARGE: {
    en: 'Raise `webhookLimits` only if your documents are really larger; also check the proxy’s body limit (for example `client_max_body_size`).',
    uk: 'Збільшуйте `webhookLimits`, лише якщо ваші документи справді більші; перевірте й обмеження тіла запиту на проксі (наприклад, `client_max_body_size`).',
  },
  WEBHOOK_MULTIPART_MALFORMED: {
    en: 'Make sure no proxy or framework rewrites the body before the webhook; otherwise see the log and contact platform support.',
    uk: 'Переконайтеся, що жоден проксі чи фреймворк не змінює тіло до вебхука; інакше перегляньте журнал і зверніться до підтримки платформи.',
  },
  WEBHOOK_PART_MISSING: DELIVERY_REFUSED,
  WEBHOOK_PART_UNEXPECTED: DELIVERY_REFUSED,
  WEBHOOK_TRACE_ID_MISMATCH: {
    en: 'Make sure proxies pass the platform’s `X-Document-Request-Trace-Id` header through unchanged; otherwise the delivery is refused as not genuine.',
    uk: 'Переконайтеся, що проксі передають заголовок платформи `X-Document-Request-Trace-Id` без змін; інакше доставку відхилено як несправжню.',
  },
  WEBHOOK_REQUEST_UNKNOWN: {
    en: 'With several servers, all must share one store (Redis); otherwise the delivery is for a request this system never made and is refused.',
    uk: 'Якщо серверів кілька, усі мають використовувати одне сховище (Redis); інакше доставка стосується запиту, якого ця система не робила, і її відхилено.',
  },
  WEBHOOK_BARCODE_MISMATCH: DELIVERY_REFUSED,
  WEBHOOK_DOCUMENT_TYPES_MISMATCH: DELIVERY_REFUSED,
  WEBHOOK_PART_TOO_LARGE: {
    en: 'A metadata or file-name part is far larger than the platform sends: treat it as hostile. Raise `webhookPartLimits` only for a real file that is larger.',
    uk: 'Частина з метаданими чи назвою файлу значно більша, ніж надсилає платформа: вважайте її ворожою. Збільшуйте `webhookPartLimits` лише для справжнього більшого файлу.',
  },
  WEBHOOK_FILE_NAME_MISMATCH: DELIVERY_REFUSED,
  WEBHOOK_LATE_DELIVERY: {
    en: 'The request had already ended (expired or declined). Make a new request; if copies are often late, check the server clock and `shareTimeout`.',
    uk: 'Запит уже завершився (минув строк або відмова). Створіть новий запит; якщо копії часто запізнюються, перевірте годинник сервера і `shareTimeout`.',
  },

  // Stores
  DIIA_ID_ACTION_UNKNOWN: {
    en: "The platform sent an `X-Diia-Id-Action` other than `hashedFilesSigning` or `auth`. Keep the delivery's logs (codes only) and update the SDK when the platform adds an action.",
    uk: 'Платформа надіслала `X-Diia-Id-Action`, відмінну від `hashedFilesSigning` чи `auth`. Збережіть журнали доставки (лише коди) й оновіть SDK, коли платформа додасть дію.',
  },
  DIIA_ID_ACTION_MISMATCH: {
    en: "A signing delivery arrived for a login request or the other way round. Check that the branch's offers carry one `diiaId` scope each.",
    uk: 'Доставка підписання надійшла для запиту входу або навпаки. Перевірте, що кожна пропозиція філії має одну область `diiaId`.',
  },
  DIIA_ID_ENCODING: {
    en: '`encodeData` must be standard base64 (with padding, no line breaks). Nothing was stored; the platform may retry.',
    uk: '`encodeData` має бути стандартним base64 (з доповненням, без переносів рядків). Нічого не збережено; платформа може повторити.',
  },
  DIIA_ID_PAYLOAD_MALFORMED: {
    en: '`encodeData` must decode to UTF-8 JSON `{ signedItems: [{ name, signature }] }` or, for a login, `{ requestId, signature }`. Nothing was stored.',
    uk: '`encodeData` має розкодовуватися в JSON UTF-8 `{ signedItems: [{ name, signature }] }` або, для входу, `{ requestId, signature }`. Нічого не збережено.',
  },
  DIIA_ID_FILE_UNKNOWN: {
    en: 'A signed item names a file the request did not send. Make a new request; never trust such a signature.',
    uk: 'Підписаний елемент називає файл, якого запит не надсилав. Створіть новий запит; такому підпису не довіряйте.',
  },
  DIIA_ID_FILE_MISSING: {
    en: 'Not every file sent for signing came back signed. Ask the holder to sign again with a new request.',
    uk: 'Не всі надіслані на підписання файли повернулися підписаними. Попросіть власника підписати знову за новим запитом.',
  },
  DIIA_ID_FILE_DUPLICATE: {
    en: 'Two signed items name the same file. Nothing was stored; make a new request.',
    uk: 'Два підписані елементи називають той самий файл. Нічого не збережено; створіть новий запит.',
  },
  DIIA_ID_VERIFY_FAILED: {
    en: "The signature verifier threw an unexpected error. Check the verifier's set-up (trust bundle, algorithms); the platform may retry.",
    uk: 'Перевірник підпису видав неочікувану помилку. Перевірте його налаштування (довірені сертифікати, алгоритми); платформа може повторити.',
  },
  DIIA_ID_SESSION_UNKNOWN: {
    en: 'The request id is not in the store: it was never made here, or the store was cleared. Make a new request.',
    uk: 'Ідентифікатора запиту немає у сховищі: його тут не створювали або сховище очищено. Створіть новий запит.',
  },
  DIIA_ID_EXPIRED: {
    en: 'Make a new request and ask the holder to sign in the app while at the desk.',
    uk: 'Створіть новий запит і попросіть власника підписати в застосунку, поки він біля вас.',
  },
  DIIA_ID_CANCELLED: {
    en: 'The request was cancelled at the desk. Make a new one if the holder still needs to sign.',
    uk: 'Запит скасовано на робочому місці. Створіть новий, якщо власникові ще треба підписати.',
  },
  STORE_UNAVAILABLE: {
    en: 'Check the Redis connection (URL, password, TLS, memory). Nothing was accepted: the platform retries deliveries, and operators can scan again.',
    uk: 'Перевірте з’єднання з Redis (адресу, пароль, TLS, пам’ять). Нічого не прийнято: платформа повторить доставку, а оператор може відсканувати знову.',
  },
  REPLAY_GUARD_FULL: {
    en: 'Retry shortly. If it persists, raise `maxEntries` of the in-memory guard or use the Redis guard.',
    uk: 'Повторіть трохи згодом. Якщо не минає, збільште `maxEntries` сховища в пам’яті або використайте сховище Redis.',
  },
};
