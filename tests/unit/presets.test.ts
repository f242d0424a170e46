// A radiologist reads W/L numbers off the overlay: a preset or a header window must read back exactly.
import { describe, expect, it } from 'vitest';
import { CT_PRESETS, voiRangeOf, windowOf } from '../../renderer/src/viewer/presets.ts';
import { edgeLetters } from '../../renderer/src/viewer/orientation.ts';
import { formatName, ageAt } from '../../renderer/src/viewer/format.ts';

describe('window/level', () => {
  it('round-trips every CT preset through the DICOM linear VOI range', () => {
    for (const p of CT_PRESETS) expect(windowOf(voiRangeOf(p.center, p.width))).toEqual({ center: p.center, width: p.width });
  });
  it('matches the DICOM LINEAR function: W 400 L 40 covers 219.5 HU above -160.5', () => {
    expect(voiRangeOf(40, 400)).toEqual({ lower: -160, upper: 239 });
  });
  it('offers the five CT presets the issue names', () => {
    expect(CT_PRESETS.map((p) => p.name)).toEqual(['brain', 'lung', 'bone', 'abdomen', 'mediastinum']);
  });
});

describe('orientation letters', () => {
  it('axial: R left, L right, A top, P bottom', () => {
    expect(edgeLetters([1, 0, 0, 0, 1, 0])).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
  });
  it('coronal and sagittal', () => {
    expect(edgeLetters([1, 0, 0, 0, 0, -1])).toMatchObject({ top: 'H', bottom: 'F', left: 'R', right: 'L' });
    expect(edgeLetters([0, 1, 0, 0, 0, -1])).toMatchObject({ left: 'A', right: 'P' });
  });
  it('no orientation, no letters (never assumed)', () => {
    expect(edgeLetters(null)).toBeNull();
  });
});

describe('names and ages', () => {
  it('formats DICOM person names as FAMILY, Given', () => {
    expect(formatName('PHANTOM^DEMO')).toBe('PHANTOM, DEMO');
    expect(formatName('Yamada^Tarou=山田^太郎=やまだ^たろう')).toBe('Yamada, Tarou');
    expect(formatName('')).toBe('(no name)');
  });
  it('computes age in whole years at a date', () => {
    expect(ageAt('19700101', new Date(2026, 0, 1))).toBe('56 y');
    expect(ageAt('19700102', new Date(2026, 0, 1))).toBe('55 y');
  });
});
