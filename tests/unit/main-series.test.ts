// Which series a study opens on (renderer/src/browser/mainSeries.ts), checked on the series lists the
// library really produces for real studies, and on the tie and no-image cases.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesSummary } from '../../preload/api.ts';
import { importDicom } from '../../main/services/import/importDicom.ts';
import type { Library } from '../../main/library/index.ts';
import { mainSeries } from '../../renderer/src/browser/mainSeries.ts';
import { dicomData, openLibrary, pydicomFiles, removeTempDirs, tempDir } from './support/env.ts';

/** Every series of the patient found by `query`, as the study browser lists them. */
function seriesOf(library: Library, query: string): SeriesSummary[] {
  const patient = library.searchPatients(query, 2);
  expect(patient).toHaveLength(1);
  const caseFile = library.openCase(patient[0]?.caseId ?? '');
  return caseFile.imaging.listStudies().flatMap((s) => caseFile.imaging.listSeries(s.StudyInstanceUID));
}

const series = (SeriesNumber: number | null, instanceCount: number, displayable = true): SeriesSummary => ({
  caseId: 'c',
  StudyInstanceUID: '1.2',
  SeriesInstanceUID: `1.2.${SeriesNumber ?? 'x'}.${instanceCount}`,
  Modality: 'CT',
  SeriesNumber,
  SeriesDescription: '',
  instanceCount,
  thumbnailSOPInstanceUID: displayable ? '1.2.3' : null,
});

describe('main series of a study', () => {
  let library: Library;

  beforeAll(async () => {
    library = openLibrary(tempDir('main-series'));
    await importDicom(library, [join(dicomData, 'dcm_qa_ct', 'Philips'), join(pydicomFiles, 'J2K_pixelrep_mismatch.dcm')]);
  });

  afterAll(() => {
    library?.close();
    removeTempDirs();
  });

  it('opens the Philips head CT on its 58-image axial series, not the scout or the exam summary', () => {
    // Failing: clicking the patient opens a one-image scout or a dose screen instead of the scan.
    const list = seriesOf(library, 'PLASTIC');
    expect(list.map((s) => s.SeriesNumber).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([100, 201, 301, 401]);
    expect(mainSeries(list)).toMatchObject({ SeriesNumber: 301, instanceCount: 58 });
  });

  it('opens nothing for a study whose only series cannot be displayed', () => {
    // Failing: the viewer opens on a series it cannot show, instead of leaving the choice to the user.
    const list = seriesOf(library, 'JXD191021006'); // refused: its decoders disagree on the pixel values
    expect(list.length).toBeGreaterThan(0);
    expect(mainSeries(list)).toBeNull();
  });

  it('skips series without a displayable image however many instances they hold (SR, PR, KO)', () => {
    expect(mainSeries([series(1, 3), series(2, 500, false)])).toMatchObject({ SeriesNumber: 1 });
    expect(mainSeries([])).toBeNull();
  });

  it('breaks a tie on the image count by the lowest SeriesNumber, a series without a number last', () => {
    // Failing: two equal series open in an order that changes with the list order.
    expect(mainSeries([series(5, 40), series(3, 40), series(null, 40)])).toMatchObject({ SeriesNumber: 3 });
    expect(mainSeries([series(null, 40), series(7, 40)])).toMatchObject({ SeriesNumber: 7 });
    expect(mainSeries([series(2, 10), series(9, 41)])).toMatchObject({ SeriesNumber: 9 });
  });
});
