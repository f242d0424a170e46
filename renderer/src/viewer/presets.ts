// Window/level presets (HU), as radiologists know them; number keys 1-5 apply them in this order.
export interface WindowPreset {
  name: string;
  label: string;
  /** The toolbar's short text, where the label is long. */
  short?: string;
  center: number;
  width: number;
}

export const CT_PRESETS: readonly WindowPreset[] = [
  { name: 'brain', label: 'Brain', center: 40, width: 80 },
  { name: 'lung', label: 'Lung', center: -600, width: 1500 },
  { name: 'bone', label: 'Bone', center: 400, width: 1800 },
  { name: 'abdomen', label: 'Abdomen', short: 'Abd', center: 60, width: 400 },
  { name: 'mediastinum', label: 'Mediastinum', short: 'Mediast', center: 50, width: 350 },
];

// DICOM's LINEAR VOI function (PS3.3 C.11.2.1.2), as Cornerstone3D applies a header's window:
// lower = c - 0.5 - (w - 1) / 2, upper = c - 0.5 + (w - 1) / 2. Both directions use it, so a header's
// W 400 / L 40 and a preset's read back exactly as set.
export function voiRangeOf(center: number, width: number): { lower: number; upper: number } {
  return { lower: center - 0.5 - (width - 1) / 2, upper: center - 0.5 + (width - 1) / 2 };
}

export function windowOf(range: { lower: number; upper: number }): { center: number; width: number } {
  return { center: (range.lower + range.upper) / 2 + 0.5, width: range.upper - range.lower + 1 };
}
