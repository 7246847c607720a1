// The words the examples show people, in English and Ukrainian: document types, the checks a copy passed,
// and counts with the right plural form. The Ukrainian terms follow docs/glossary.md.

/** A person's name for each document type of the platform. */
export const DOCUMENT_NAMES = {
  // `passport` is asked for, never delivered: the holder shares whichever passport they have.
  passport: { en: 'passport', uk: 'паспорт' },
  'internal-passport': {
    en: 'ID card (passport of a citizen of Ukraine)',
    uk: 'ID-картка (паспорт громадянина України)',
  },
  'foreign-passport': { en: 'foreign passport', uk: 'закордонний паспорт' },
  'taxpayer-card': { en: 'taxpayer card', uk: 'картка платника податків' },
  'reference-internally-displaced-person': { en: 'IDP certificate', uk: 'довідка ВПО' },
  'birth-certificate': { en: 'birth certificate', uk: 'свідоцтво про народження' },
  'driver-license': { en: 'driving licence', uk: 'посвідчення водія' },
  'vehicle-license': { en: 'vehicle registration certificate', uk: 'свідоцтво про реєстрацію ТЗ' },
  'student-id-card': { en: 'student card', uk: 'студентський квиток' },
  'pension-card': { en: 'pension card', uk: 'пенсійне посвідчення' },
  'education-document': { en: 'education document', uk: 'документ про освіту' },
  'veteran-certificate': { en: 'veteran certificate', uk: 'посвідчення ветерана' },
  'name-change-act-record': { en: 'name change record', uk: 'актовий запис про зміну імені' },
  'marriage-act-record': { en: 'marriage record', uk: 'актовий запис про шлюб' },
  'divorce-act-record': { en: 'divorce record', uk: 'актовий запис про розірвання шлюбу' },
};

/** A person's words for each check a delivered copy passed (the SDK's OpenCheck and DeliveryCheck). */
export const CHECK_NAMES = {
  decrypted: { en: 'decrypted', uk: 'розшифровано' },
  'signature-valid': { en: 'signature valid', uk: 'підпис дійсний' },
  'signer-trusted': { en: 'signer trusted', uk: 'підписувачу довіряємо' },
  'certificate-chain-valid': { en: 'certificate chain valid', uk: 'ланцюжок сертифікатів дійсний' },
  'certificate-valid-now': { en: 'certificate valid now', uk: 'сертифікат чинний зараз' },
  'certificate-valid-at-signing-time': {
    en: 'certificate valid when signed',
    uk: 'сертифікат був чинний під час підписання',
  },
  'digest-matches': { en: 'digest matches', uk: 'геш збігається' },
  'trace-id-matches': { en: 'trace id matches', uk: 'ідентифікатор доставки збігається' },
  'request-known': { en: 'request known', uk: 'запит відомий' },
  'branch-matches': { en: 'branch matches', uk: 'відділення збігається' },
  'barcode-matches': { en: 'barcode matches', uk: 'штрихкод збігається' },
  'document-types-match': { en: 'document types match', uk: 'типи документів збігаються' },
  'copies-match-metadata': { en: 'copies match their description', uk: 'копії відповідають опису' },
  'file-names-match': { en: 'file names match', uk: 'назви файлів збігаються' },
  'within-lifetime': { en: 'in time', uk: 'вчасно' },
};

/** What a scanned symbol was, for the operator. */
export const SYMBOL_NAMES = {
  'qr-code': { en: 'QR code', uk: 'QR-код' },
  'ean-13': { en: 'barcode (EAN-13)', uk: 'штрихкод (EAN-13)' },
};

/** What a scan turned out to be, for the operator. */
export const SCAN_NAMES = {
  'document-link': { en: 'document link', uk: 'посилання на документ' },
  'document-token': { en: 'signed document code', uk: 'підписаний код документа' },
  barcode: { en: 'document barcode', uk: 'штрихкод документа' },
  deeplink: { en: 'Diia app link', uk: 'посилання застосунку Дія' },
  unknown: { en: 'not a Diia code', uk: 'не код Дії' },
};

/** How a code was checked. */
export const METHOD_NAMES = {
  online: { en: 'with the platform', uk: 'на платформі' },
  offline: { en: 'offline, by its signature', uk: 'офлайн, за підписом' },
};

/** A term in `lang`, or the key itself when the table has no entry (a type added later). */
export function term(table, key, lang) {
  return table[key]?.[lang] ?? key;
}

const UNITS = {
  byte: {
    en: { one: 'byte', other: 'bytes' },
    uk: { one: 'байт', few: 'байти', many: 'байтів', other: 'байта' },
  },
  file: {
    en: { one: 'file', other: 'files' },
    uk: { one: 'файл', few: 'файли', many: 'файлів', other: 'файлу' },
  },
  second: {
    en: { one: 'second', other: 'seconds' },
    uk: { one: 'секунда', few: 'секунди', many: 'секунд', other: 'секунди' },
  },
};
const rules = { en: new Intl.PluralRules('en'), uk: new Intl.PluralRules('uk') };

/** `count` with its unit in the right plural form: "1 file", "1143 байти", "5 файлів", "21 секунда". */
export function count(n, unit, lang) {
  const forms = UNITS[unit][lang];
  return `${n} ${forms[rules[lang].select(n)] ?? forms.other}`;
}
