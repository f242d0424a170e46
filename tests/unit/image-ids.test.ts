// Stable image ids: if these fail, an image saved by id (an annotation) would not find its image again,
// a multi-frame instance would show one frame instead of all, or a foreign id would load as one of ours.
import { describe, expect, it } from 'vitest';
import type { InstanceSummary } from '../../preload/api.ts';
import { imageIdsOf, parsePrecisImageId, precisImageId } from '../../renderer/src/viewer/imageIds.ts';

const CASE = '3f2b8c1e-8d4a-4f4e-9a57-0c7e2b1d6a90';
const SOP = '1.2.840.113619.2.55.3.604688119.969.1268071029.320';

function row(sop: string, frames: number): InstanceSummary {
  return { caseId: CASE, SOPInstanceUID: sop, NumberOfFrames: frames } as InstanceSummary;
}

describe('precis: image ids', () => {
  it('name case, instance and 1-based frame, and read back as written', () => {
    const id = precisImageId(CASE, SOP, 3);
    expect(id).toBe(`precis:${CASE}/${SOP}/3`);
    expect(parsePrecisImageId(id)).toEqual({ caseId: CASE, sop: SOP, frame: 3 });
  });
  it('give one id per frame, frames numbered from 1', () => {
    expect(imageIdsOf([row('1.2.3', 1), row('1.2.4', 3)])).toEqual([
      `precis:${CASE}/1.2.3/1`, `precis:${CASE}/1.2.4/1`, `precis:${CASE}/1.2.4/2`, `precis:${CASE}/1.2.4/3`,
    ]);
  });
  it('refuse other schemes and malformed ids', () => {
    for (const id of [`wadouri:http://127.0.0.1:5000/dicom/${CASE}/${SOP}`, `precis:${CASE}/${SOP}`, `precis:${CASE}/${SOP}/0`, `precis:${CASE}/${SOP}/x`, 'precis://app/dicom/a/b']) {
      expect(parsePrecisImageId(id), id).toBeNull();
    }
  });
});
