// RECIST 1.1 style sums in the Findings panel: per study, target lesions add their longest diameter,
// lymph nodes their short axis; non-targets and other studies stay out; a target without a diameter in
// mm makes the sum unknown rather than wrong.
import { describe, expect, it } from 'vitest';
import type { AnnotationRecord } from '../../preload/api.ts';
import { recistSums, targetDiameterMm } from '../../renderer/src/reading/recist.ts';

function record(tool: string, stats: AnnotationRecord['stats'], finding: AnnotationRecord['finding'], study = 'S1'): AnnotationRecord {
  return {
    annotationUID: `${tool}-${Math.random()}`, tool, SOPInstanceUID: '1.2', frame: 1, SeriesInstanceUID: '1.3', StudyInstanceUID: study,
    FrameOfReferenceUID: '1.4', points: [[0, 0, 0]], geometry: {}, label: '', stats, finding,
    author: 'r', modifiedBy: 'r', createdAt: '', modifiedAt: '',
  };
}

describe('RECIST sums', () => {
  it('adds target diameters per study: longest diameter, short axis for lymph nodes', () => {
    // Failing: the oncologist's sum of target lesions is wrong, and so is the response category.
    const sums = recistSums([
      record('Length', { length: 21.4, lengthUnit: 'mm' }, { label: 'RUL', location: 'right upper lobe', target: true }),
      record('Bidirectional', { length: 30, width: 17.2, lengthUnit: 'mm' }, { label: 'N1', location: 'subcarinal lymph node', target: true }),
      record('Bidirectional', { length: 40, width: 25, lengthUnit: 'mm' }, { label: 'liver', location: 'liver segment 7', target: true }),
      record('Length', { length: 99, lengthUnit: 'mm' }, { label: 'bone', location: 'T5', target: false }),
      record('Length', { length: 99, lengthUnit: 'mm' }, null),
      record('Length', { length: 12, lengthUnit: 'mm' }, { label: 'prior', location: 'right upper lobe', target: true }, 'S0'),
    ]);
    expect(sums).toEqual([
      { StudyInstanceUID: 'S1', targets: 3, sumMm: expect.closeTo(21.4 + 17.2 + 40, 9), unmeasurable: 0 },
      { StudyInstanceUID: 'S0', targets: 1, sumMm: 12, unmeasurable: 0 },
    ]);
  });

  it('a target in pixels or an ROI cannot be summed: the sum says so instead of leaving it out', () => {
    expect(targetDiameterMm(record('Length', { length: 50, lengthUnit: 'px' }, { label: '', location: '', target: true }))).toBeNull();
    const [sum] = recistSums([
      record('Length', { length: 10, lengthUnit: 'mm' }, { label: '', location: '', target: true }),
      record('EllipticalROI', { mean: 30, area: 100 }, { label: '', location: '', target: true }),
    ]);
    expect(sum).toMatchObject({ targets: 2, sumMm: null, unmeasurable: 1 });
  });
});
