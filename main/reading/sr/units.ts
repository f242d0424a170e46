// Units between Precis' statistics ('mm', 'mm²', 'HU', 'deg', 'px', ...) and UCUM codes in an SR
// (PS3.16 CID 82, UCUM as DICOM writes it). A unit with no UCUM code here is written as a UCUM
// annotation ({...}) whose code meaning is the unit exactly as Precis wrote it, so that it comes back
// unchanged; no unit (null) is UCUM "1" ("no units").
import { code, type Code } from './codes.ts';

const UCUM = 'UCUM';

/** Precis unit -> UCUM code and meaning. */
const KNOWN: ReadonlyArray<[string, string, string]> = [
  ['mm', 'mm', 'millimeter'],
  ['cm', 'cm', 'centimeter'],
  ['mm²', 'mm2', 'square millimeter'],
  ['cm²', 'cm2', 'square centimeter'],
  ['mm³', 'mm3', 'cubic millimeter'],
  ['ml', 'ml', 'milliliter'],
  // Models' manifests write UCUM's own case-sensitive form.
  ['mL', 'mL', 'milliliter'],
  ['deg', 'deg', 'degree'],
  ['HU', "[hnsf'U]", 'Hounsfield unit'],
  ['px', '{pixels}', 'pixels'],
  ['%', '%', 'Percent'],
  ['s', 's', 'second'],
  ['cm/s', 'cm/s', 'centimeter per second'],
];

const NO_UNITS = code('1', UCUM, 'no units');
/** An empty unit string ('' rather than null): a code meaning cannot be empty. */
const EMPTY_UNIT = code('{-}', UCUM, 'no unit given');

export function ucumOf(unit: string | null): Code {
  if (unit === null) return NO_UNITS;
  if (unit === '') return EMPTY_UNIT;
  const known = KNOWN.find(([precis]) => precis === unit);
  if (known) return code(known[1], UCUM, known[2]);
  // A UCUM annotation is ASCII without braces; its meaning keeps the unit as written.
  const ascii = unit.replace(/²/g, '2').replace(/³/g, '3').replace(/[^\x21-\x7a|~]/g, '_').slice(0, 14);
  return code(`{${ascii}}`, UCUM, unit);
}

/** The unit Precis shows for a UCUM code: its own spelling for the codes above, an annotation's code
 *  meaning, else the UCUM code itself (e.g. 'g', '{SUVbw}g/ml'). */
export function unitOf(ucum: Code | null): string | null {
  if (!ucum || (ucum.scheme === UCUM && ucum.value === '1')) return null;
  const known = ucum.scheme === UCUM ? KNOWN.find(([, value]) => value === ucum.value) : undefined;
  if (known) return known[0];
  if (ucum.scheme === UCUM && ucum.value === EMPTY_UNIT.value) return '';
  if (ucum.value.startsWith('{') && ucum.value.endsWith('}')) return ucum.meaning;
  return ucum.value;
}
