/**
 * The attribute types a Ukrainian certificate names: the X.520 subject attributes by short name, and the
 * registry attributes of subjectDirectoryAttributes (order 1236/5/453 of 20.08.2012, "Вимоги до формату
 * сертифіката"). One table for the DSTU and the ECDSA certificate readers and for the identity reader.
 *
 * @module
 */

/** Short names of the subject attributes (RFC 5280 appendix A, RFC 4519, ETSI EN 319 412-1). */
export const NAME_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'emailAddress',
});

/** The Ukrainian registry attributes of subjectDirectoryAttributes (2.5.29.9). */
export const UA_ATTRIBUTES = Object.freeze({
  /** DRFO: the tax number (RNOKPP), or a passport number for a person without one. */
  drfo: '1.2.804.2.1.1.1.11.1.4.1.1',
  /** EDRPOU: an organisation's code. */
  edrpou: '1.2.804.2.1.1.1.11.1.4.2.1',
  /** УНЗР: the demographic register record number. */
  unzr: '1.2.804.2.1.1.1.11.1.4.11.1',
});
