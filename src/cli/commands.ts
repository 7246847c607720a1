/**
 * The commands of `diia-accept` that talk to the platform: the desk's flows through a
 * {@link PlatformTransport}, branches and offers through a {@link PlatformAdmin}.
 *
 * @module
 */
import { parseDuration } from '../clock.js';
import { DOCUMENT_TYPES, type DocumentType, isDocumentType } from '../documents.js';
import type { Language } from '../errors.js';
import { parseDocumentCode } from '../scanner/parse.js';
import type { CallOptions, IdentificationCode, PlatformAdmin, PlatformTransport } from '../transport/port.js';
import { isUuid } from '../uuid.js';
import type { CliValues } from './args.js';
import { EXIT_CODES, say } from './messages.js';
import { type WaitSettings, waitForAnswer } from './wait.js';

/** A mistake on the command line (exit code 2). Its message names the problem, never a secret. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** What a command needs. */
export interface CommandContext {
  readonly transport: PlatformTransport;
  /** Branches and offers (sharing the transport's login). */
  readonly admin: PlatformAdmin;
  readonly values: CliValues;
  /** The positional arguments after the command. */
  readonly args: readonly string[];
  readonly language: Language;
  /** Prints `human` as text, or `data` as JSON with `--json`. */
  readonly print: (human: string, data: unknown) => void;
  readonly callOptions: CallOptions;
}

/** Runs a command other than `sandbox`; returns the exit code. */
export async function runTransportCommand(command: string, context: CommandContext): Promise<number> {
  const { transport, admin, values, args, language, print, callOptions } = context;
  const sub = args[0];
  switch (`${command} ${command === 'branches' || command === 'offers' ? (sub ?? '') : ''}`.trim()) {
    case 'branches list': {
      expectArgs(args, 1);
      const { branches, total } = await admin.branches.list(paging(values), callOptions);
      const lines = branches.map((b) => `${b.id}\t${b.name}\tsharing: ${b.scopes.sharing.join(',') || '-'}`);
      print(lines.join('\n') || say('none', language), { total, branches });
      return EXIT_CODES.ok;
    }
    case 'branches create': {
      expectArgs(args, 1);
      const { id } = await admin.branches.create(
        {
          name: required(values.name, '--name'),
          email: values.email ?? '',
          region: values.region ?? '',
          district: values.district ?? '',
          location: values.location ?? '',
          street: values.street ?? '',
          house: values.house ?? '',
          customFullName: values['full-name'] ?? '',
          customFullAddress: values['full-address'] ?? '',
          deliveryTypes: ['api'],
          offerRequestType: 'dynamic',
          scopes: {
            sharing: types(values.sharing, '--sharing', true),
            identification: [],
            documentIdentification: types(values.identification, '--identification', true),
            diiaId: [],
          },
        },
        callOptions,
      );
      print(`${say('created', language)} ${id}`, { id });
      return EXIT_CODES.ok;
    }
    case 'branches delete': {
      expectArgs(args, 2);
      await admin.branches.delete(args[1]!, callOptions);
      print(say('deleted', language), { deleted: args[1] });
      return EXIT_CODES.ok;
    }
    case 'offers list': {
      expectArgs(args, 1);
      const { total, offers } = await admin.offers.list(branch(values), paging(values), callOptions);
      const lines = offers.map(
        (o) => `${o.id}\t${o.name}\t${o.scopes.sharing?.join(',') ?? `diiaId:${o.scopes.diiaId?.join(',')}`}`,
      );
      print(lines.join('\n') || say('none', language), { total, offers });
      return EXIT_CODES.ok;
    }
    case 'offers create': {
      expectArgs(args, 1);
      const offer = {
        name: required(values.name, '--name'),
        scopes: { sharing: types(values.types, '--types', false) },
        ...(values['return-link'] ? { returnLink: values['return-link'] } : {}),
      };
      const { id } = await admin.offers.create(branch(values), offer, callOptions);
      print(`${say('created', language)} ${id}`, { id });
      return EXIT_CODES.ok;
    }
    case 'offers delete': {
      expectArgs(args, 2);
      await admin.offers.delete(branch(values), args[1]!, callOptions);
      print(say('deleted', language), { deleted: args[1] });
      return EXIT_CODES.ok;
    }
    case 'identify': {
      expectArgs(args, 1);
      const code = documentCode(args[0]);
      const { success } = await transport.identify({ branchId: branch(values), code }, callOptions);
      print(say(success ? 'genuine' : 'notGenuine', language), { valid: success, kind: code.kind });
      return success ? EXIT_CODES.ok : EXIT_CODES.notGenuine;
    }
    case 'request': {
      expectArgs(args, 1);
      const code = documentCode(args[0]);
      if (values.wait) waitTiming(values);
      if (values.wait && code.kind !== 'barcode') {
        // The status call is keyed by the barcode, which a document link does not carry.
        throw new UsageError('--wait needs a barcode, not a document link');
      }
      const branchId = branch(values);
      if (values.types !== undefined) {
        // The barcode flow's body has no document types (the scanned document is what comes); check the
        // branch's scope up front so that the operator learns it before the holder is asked.
        const wanted = types(values.types, '--types', false);
        const { scopes } = await admin.branches.get(branchId, callOptions);
        const missing = wanted.filter((type) => !scopes.sharing.includes(type));
        if (missing.length > 0) {
          print(`${say('scopeMissing', language)} ${missing.join(', ')}`, { error: 'SCOPE', missing });
          return EXIT_CODES.refused;
        }
      }
      const requestId = requestIdOf(values);
      await transport.requestDocument(
        {
          branchId,
          ...(code.kind === 'barcode' ? { barcode: code.barcode } : { qrcode: code.otp }),
          requestId,
          ...(values['diia-id'] ? { useDiiaId: true } : {}),
        },
        callOptions,
      );
      print(`${say('requested', language)} ${requestId}`, { requestId });
      if (!values.wait) return EXIT_CODES.ok;
      const barcode = code.kind === 'barcode' ? code.barcode : '';
      return waitForAnswer(
        waitSettings(context, (options) => transport.documentRequestStatus({ barcode, requestId }, options)),
      );
    }
    case 'deeplink': {
      expectArgs(args, 0);
      if (values.wait) waitTiming(values);
      const requestId = requestIdOf(values);
      const { deeplink } = await transport.createOfferRequest(
        {
          branchId: branch(values),
          offerId: required(values.offer, '--offer'),
          requestId,
          ...(values['return-link'] ? { returnLink: values['return-link'] } : {}),
          ...(values['diia-id'] ? { useDiiaId: true } : {}),
        },
        callOptions,
      );
      print(`${say('deeplink', language)} ${requestId}\n${deeplink}`, { deeplink, requestId });
      if (!values.wait) return EXIT_CODES.ok;
      const otp = /\/([0-9a-fA-F-]{36})$/.exec(deeplink)?.[1];
      if (!otp) throw new UsageError('--wait: the deeplink carries no one-time code to follow');
      return waitForAnswer(
        waitSettings(context, (options) => transport.offerRequestStatus({ otp, requestId }, options)),
      );
    }
    case 'status': {
      expectArgs(args, 1);
      const requestId = args[0]!;
      if ((values.barcode === undefined) === (values.otp === undefined)) {
        throw new UsageError('give exactly one of --barcode and --otp');
      }
      const answer =
        values.barcode !== undefined
          ? await transport.documentRequestStatus({ barcode: values.barcode, requestId }, callOptions)
          : await transport.offerRequestStatus({ otp: values.otp!, requestId }, callOptions);
      print(`${say('status', language)} ${answer.status} (${answer.raw})`, answer);
      return EXIT_CODES.ok;
    }
    default:
      throw new UsageError(`unknown command: ${[command, sub].filter(Boolean).join(' ').slice(0, 40)}`);
  }
}

function waitSettings(context: CommandContext, poll: WaitSettings['poll']): WaitSettings {
  const { values, language, print, callOptions } = context;
  return {
    poll,
    report: (answer) => print(`${say('status', language)} ${answer.status} (${answer.raw})`, answer),
    ...waitTiming(values),
    callOptions,
  };
}

/** The durations of `--wait`, checked before anything is sent. */
function waitTiming(values: CliValues): { limit: number; interval: number } {
  return { limit: parseDuration(values['wait-for'] ?? '5m'), interval: parseDuration(values.poll ?? '2s') };
}

function expectArgs(args: readonly string[], count: number): void {
  if (args.length !== count) throw new UsageError(`expected ${count} argument(s), got ${args.length}`);
}

function required(value: string | undefined, option: string): string {
  if (!value) throw new UsageError(`${option} is required`);
  return value;
}

function branch(values: CliValues): string {
  return required(values.branch, '--branch');
}

function paging(values: CliValues): { skip?: number; limit?: number } {
  const number = (value: string | undefined, option: string) => {
    if (value === undefined) return undefined;
    if (!/^\d{1,9}$/.test(value)) throw new UsageError(`${option} must be a whole number`);
    return Number(value);
  };
  const skip = number(values.skip, '--skip');
  const limit = number(values.limit, '--limit');
  return { ...(skip === undefined ? {} : { skip }), ...(limit === undefined ? {} : { limit }) };
}

function types(value: string | undefined, option: string, optional: boolean): DocumentType[] {
  if (value === undefined || value === '') {
    if (optional) return [];
    throw new UsageError(`${option} is required`);
  }
  const list = value.split(',').map((t) => t.trim());
  const unknown = list.filter((t) => !isDocumentType(t));
  if (unknown.length > 0) {
    throw new UsageError(
      `${option}: unknown document type(s) ${unknown.join(', ').slice(0, 80)}; known: ${DOCUMENT_TYPES.join(', ')}`,
    );
  }
  return list as DocumentType[];
}

/** A barcode or a document link, checked locally (EAN-13 check digit, link shape) before the platform sees it. */
function documentCode(text: string | undefined): IdentificationCode {
  const code = parseDocumentCode(text ?? '');
  if (code.kind === 'barcode') return { kind: 'barcode', barcode: code.barcode };
  if (code.kind === 'document-link') {
    return { kind: 'document-link', otp: code.otp, documentType: code.documentType, link: code.url };
  }
  throw new UsageError('a signed document code is checked offline (diia-accept/verify), not by the platform');
}

function requestIdOf(values: CliValues): string {
  const given = values['request-id'];
  if (given === undefined) return crypto.randomUUID();
  if (!isUuid(given) || given !== given.toLowerCase()) {
    throw new UsageError('--request-id must be a lowercase UUID');
  }
  return given;
}
