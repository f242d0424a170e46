// Metadata for precis: ids. Once an image is decoded, the modules copied from its file before its
// bytes were dropped (precisLoader.ts keptModule) answer first. While a file is loaded, every module
// (pixel spacing, VOI, rescale, imagePixelModule, ...) is what Cornerstone's wadouri provider reads
// from that file, exactly as for a wadouri: id. Before any pixels (volumes need every slice's geometry first), the geometry the API
// carries for each instance (series.instances: position, orientation, rows, columns, slice location)
// answers imagePlaneModule (with pixel spacing), and the UIDs answer sopCommonModule/generalSeriesModule.
// A volume's pixel format (imagePixelModule, modalityLutModule) comes from the files: the volume loader
// decodes its first, middle and last slices before building it (volumeLoad.ts).
import { metaData } from '@cornerstonejs/core';
import { instanceOf } from './instanceIndex.ts';
import { parsePrecisImageId } from './imageIds.ts';
import { keptModule, wadouriIdOf } from './precisLoader.ts';

/** Before Cornerstone's own providers (priority 0), so precis: ids never reach a provider that cannot read them. */
const PRIORITY = 1000;

function fromApi(type: string, imageId: string): Record<string, unknown> | undefined {
  const ref = parsePrecisImageId(imageId);
  const row = ref && instanceOf(ref.caseId, ref.sop);
  if (!row) return undefined;
  if (type === 'sopCommonModule') return { sopClassUID: row.SOPClassUID, sopInstanceUID: row.SOPInstanceUID };
  if (type === 'generalSeriesModule') return { seriesInstanceUID: row.SeriesInstanceUID };
  if (type !== 'imagePlaneModule') return undefined;
  const iop = row.ImageOrientationPatient;
  // PixelSpacing is [between rows, between columns] (mm); Cornerstone names the first rowPixelSpacing.
  const spacing = row.PixelSpacing ?? undefined;
  return {
    rows: row.Rows,
    columns: row.Columns,
    imagePositionPatient: row.ImagePositionPatient ?? undefined,
    imageOrientationPatient: iop ?? undefined,
    rowCosines: iop ? iop.slice(0, 3) : undefined,
    columnCosines: iop ? iop.slice(3, 6) : undefined,
    sliceLocation: row.SliceLocation ?? undefined,
    pixelSpacing: spacing,
    rowPixelSpacing: spacing?.[0],
    columnPixelSpacing: spacing?.[1],
  };
}

export function precisMetadataProvider(type: string, imageId: unknown): unknown {
  if (typeof imageId !== 'string') return undefined;
  const target = wadouriIdOf(imageId);
  if (!target) return undefined;
  // A decoded image's file is dropped once it is decoded (precisLoader.ts): its modules were kept.
  return keptModule(type, imageId) ?? metaData.get(type, target) ?? fromApi(type, imageId);
}

export function registerPrecisMetadata(): void {
  metaData.addProvider(precisMetadataProvider, PRIORITY);
}
