// Precis' statistics (renderer/src/reading/annotationRecords.ts statsOf: length, width, angle, area,
// perimeter, mean, sd, min, max, value, each with a unit key) as the concepts TID 300 / TID 1419 name:
// a NUM's concept name, and for ROI statistics the measured quantity with a Derivation modifier (Mean,
// Standard Deviation, Minimum, Maximum). Both directions; the reader also knows the retired SRT codes.
import { createHash } from 'node:crypto';
import { code, PRIVATE_SCHEME, sameCode, type Code } from './codes.ts';
import { unitOf } from './units.ts';

const LENGTH = code('410668003', 'SCT', 'Length');
const LONG_AXIS = code('103339001', 'SCT', 'Long Axis');
const SHORT_AXIS = code('103340004', 'SCT', 'Short Axis');
const ANGLE = code('1483009', 'SCT', 'Angle');
const COBB_ANGLE = code('285285000', 'SCT', 'Cobb angle');
const AREA = code('42798000', 'SCT', 'Area');
const PERIMETER = code('131191004', 'SCT', 'Perimeter');
/** CT values (HU); other modalities' values have no standard concept, so a private one. */
const ATTENUATION = code('112031', 'DCM', 'Attenuation Coefficient');
const PIXEL_VALUE = code('PIXELVALUE', PRIVATE_SCHEME, 'Pixel value');

const DERIVATIONS: Record<string, Code> = {
  mean: code('373098007', 'SCT', 'Mean'),
  sd: code('386136009', 'SCT', 'Standard Deviation'),
  min: code('255605001', 'SCT', 'Minimum'),
  max: code('56851009', 'SCT', 'Maximum'),
};

/** Retired SRT codes (and their SCT successors' keys) found in older reports. */
const RETIRED: ReadonlyArray<[string, string]> = [
  ['G-D7FE', 'length'], ['G-A185', 'length'], ['G-A186', 'width'], ['G-A166', 'area'], ['G-A197', 'perimeter'],
];
const RETIRED_DERIVATIONS: ReadonlyArray<[string, string]> = [['R-00317', 'mean'], ['R-10047', 'sd'], ['R-404FB', 'min'], ['G-A437', 'max']];

const VALUE_KEYS = new Set(['mean', 'sd', 'min', 'max', 'value']);

/** The stats key that holds a value's unit (statsOf's grouping). */
export function unitKeyOf(key: string): string {
  if (key === 'length' || key === 'width' || key === 'perimeter') return 'lengthUnit';
  if (key === 'angle') return 'angleUnit';
  if (key === 'area') return 'areaUnit';
  if (VALUE_KEYS.has(key)) return 'valueUnit';
  return `${key}Unit`;
}

export interface MeasureConcept {
  concept: Code;
  derivation: Code | null;
}

/** A private concept for a statistic with no standard one: its key is the code meaning. */
function privateConcept(key: string): Code {
  const value = key.length <= 16 ? key : `K${createHash('sha256').update(key).digest('hex').slice(0, 15)}`;
  return code(value, PRIVATE_SCHEME, key);
}

/** The concept (and derivation) a statistic is written with. */
export function conceptOf(tool: string, key: string, valueUnit: string | null): MeasureConcept {
  const plain = (concept: Code): MeasureConcept => ({ concept, derivation: null });
  if (key === 'length') return plain(tool === 'Bidirectional' ? LONG_AXIS : LENGTH);
  if (key === 'width') return plain(SHORT_AXIS);
  if (key === 'angle') return plain(tool === 'CobbAngle' ? COBB_ANGLE : ANGLE);
  if (key === 'area') return plain(AREA);
  if (key === 'perimeter') return plain(PERIMETER);
  if (VALUE_KEYS.has(key)) return { concept: valueUnit === 'HU' ? ATTENUATION : PIXEL_VALUE, derivation: DERIVATIONS[key] ?? null };
  return plain(privateConcept(key));
}

function derivedKey(derivation: Code | null): string | null {
  if (!derivation) return 'value';
  const current = Object.entries(DERIVATIONS).find(([, c]) => sameCode(derivation, c));
  if (current) return current[0];
  return RETIRED_DERIVATIONS.find(([value]) => derivation.scheme === 'SRT' && derivation.value === value)?.[1] ?? null;
}

/**
 * The stats key of a measurement read back. Concepts Precis does not know keep their own name (with
 * their derivation), so a foreign measurement on an image in the case still keeps its value.
 */
export function keyOf(concept: Code, derivation: Code | null): string {
  const known: ReadonlyArray<[Code, string]> = [
    [LENGTH, 'length'], [LONG_AXIS, 'length'], [SHORT_AXIS, 'width'], [ANGLE, 'angle'], [COBB_ANGLE, 'angle'], [AREA, 'area'], [PERIMETER, 'perimeter'],
  ];
  const match = known.find(([c]) => sameCode(concept, c))?.[1] ?? RETIRED.find(([value]) => concept.scheme === 'SRT' && concept.value === value)?.[1];
  if (match) return match;
  if (sameCode(concept, ATTENUATION) || sameCode(concept, PIXEL_VALUE)) return derivedKey(derivation) ?? `value ${derivation?.meaning ?? ''}`.trim();
  if (concept.scheme === PRIVATE_SCHEME) return concept.meaning;
  return derivation ? `${concept.meaning} (${derivation.meaning})` : concept.meaning;
}

/** A measurement as written or read: its concept, derivation, value and unit. */
export interface MeasureValue {
  concept: Code;
  derivation: Code | null;
  value: number | null;
  unit: Code | null;
}

/** The statistics a group's measurements give (value and, when it has one, the unit of each). */
export function statsOf(measures: readonly MeasureValue[]): Record<string, number | string | null> {
  const stats: Record<string, number | string | null> = {};
  for (const m of measures) {
    if (m.value === null) continue;
    const key = keyOf(m.concept, m.derivation);
    stats[key] = m.value;
    const unit = unitOf(m.unit);
    if (unit !== null) stats[unitKeyOf(key)] = unit;
  }
  return stats;
}
