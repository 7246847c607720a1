/**
 * WebHID gives no raw report descriptor, only the parsed collections (`HIDDevice.collections`). This turns
 * them back into the core's field list, so the scanned-data report's layout is read from the device
 * itself, as the Node adapter does from the descriptor bytes.
 *
 * @module
 */
import type { HidReportDescriptor, HidReportField } from '../hid-descriptor.js';
import { type HidPosReportLayout, hidPosLayoutFromDescriptor } from '../hidpos-layout.js';

/**
 * The parts of WebHID's `HIDCollectionInfo` (https://wicg.github.io/webhid/#dom-hidcollectioninfo) read
 * here to find the scanned-data report.
 *
 * @internal
 */
export interface HidCollectionLike {
  readonly inputReports?: readonly {
    readonly reportId: number;
    readonly items?: readonly {
      readonly reportSize: number;
      readonly reportCount: number;
      readonly isRange?: boolean;
      readonly usages?: readonly number[];
      readonly usageMinimum?: number;
      readonly usageMaximum?: number;
    }[];
  }[];
  readonly children?: readonly HidCollectionLike[];
}

/** Range items name at most this many usages; a range is listed one usage per value. */
const MAX_RANGE = 1024;

/** @internal */
export function descriptorFromCollections(collections: readonly HidCollectionLike[]): HidReportDescriptor {
  const fields: HidReportField[] = [];
  const nextBit = new Map<number, number>();
  let usesReportIds = false;
  const visit = (collection: HidCollectionLike) => {
    for (const report of collection.inputReports ?? []) {
      if (report.reportId !== 0) usesReportIds = true;
      for (const item of report.items ?? []) {
        const bitOffset = nextBit.get(report.reportId) ?? 0;
        nextBit.set(report.reportId, bitOffset + item.reportSize * item.reportCount);
        fields.push({
          type: 'input',
          reportId: report.reportId,
          bitOffset,
          bitSize: item.reportSize,
          count: item.reportCount,
          usages: usagesOf(item),
          flags: 0,
        });
      }
    }
    for (const child of collection.children ?? []) visit(child);
  };
  for (const collection of collections) visit(collection);
  return { fields, usesReportIds };
}

function usagesOf(
  item: NonNullable<NonNullable<HidCollectionLike['inputReports']>[number]['items']>[number],
) {
  if (!item.isRange) return item.usages ?? [];
  const min = item.usageMinimum ?? 0;
  const max = Math.min(item.usageMaximum ?? min, min + MAX_RANGE);
  return Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);
}

/** The scanned-data layout the device describes, or `undefined` to fall back to the common one. @internal */
export function layoutFromCollections(
  collections: readonly HidCollectionLike[] | undefined,
): HidPosReportLayout | undefined {
  if (!collections || collections.length === 0) return undefined;
  try {
    return hidPosLayoutFromDescriptor(descriptorFromCollections(collections));
  } catch {
    return undefined;
  }
}
