// Decoding DICOM text values with their Specific Character Set (0008,0005), so that patient names in
// Greek, Cyrillic, Japanese or Korean are shown and searched as written, not as Latin-1 mojibake.

const LABELS: Record<string, string> = {
  '': 'latin1',
  ISO_IR_6: 'latin1',
  ISO_IR_100: 'latin1',
  ISO_IR_101: 'iso-8859-2',
  ISO_IR_109: 'iso-8859-3',
  ISO_IR_110: 'iso-8859-4',
  ISO_IR_144: 'iso-8859-5',
  ISO_IR_127: 'iso-8859-6',
  ISO_IR_126: 'iso-8859-7',
  ISO_IR_138: 'iso-8859-8',
  ISO_IR_148: 'iso-8859-9',
  ISO_IR_13: 'shift_jis',
  ISO_IR_166: 'windows-874',
  ISO_IR_192: 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
  ISO_2022_IR_6: 'latin1',
  ISO_2022_IR_100: 'latin1',
  ISO_2022_IR_101: 'iso-8859-2',
  ISO_2022_IR_144: 'iso-8859-5',
  ISO_2022_IR_127: 'iso-8859-6',
  ISO_2022_IR_126: 'iso-8859-7',
  ISO_2022_IR_138: 'iso-8859-8',
  ISO_2022_IR_148: 'iso-8859-9',
  ISO_2022_IR_87: 'iso-2022-jp',
  ISO_2022_IR_159: 'iso-2022-jp',
  ISO_2022_IR_13: 'shift_jis',
  ISO_2022_IR_149: 'euc-kr',
  ISO_2022_IR_58: 'gb18030',
};

/** Decodes a text value. Code extensions (ISO 2022 escapes) are decoded per run between escapes. */
export function decodeText(bytes: Uint8Array, specificCharacterSet: string): string {
  const terms = specificCharacterSet.split('\\').map((t) => t.trim().replaceAll(' ', '_'));
  const base = terms[0] ?? '';
  const hasEscapes = bytes.includes(0x1b);
  let label = LABELS[base] ?? 'latin1';
  if (hasEscapes) {
    const extension = terms.slice(1).find((t) => LABELS[t]);
    // Japanese escapes are understood by the iso-2022-jp decoder itself; Korean and others by stripping
    // the designation escapes and decoding the rest with the extension's charset.
    if (extension && LABELS[extension] === 'iso-2022-jp') label = 'iso-2022-jp';
    else if (extension) {
      label = LABELS[extension] ?? label;
      bytes = stripDesignations(bytes);
    }
  }
  try {
    return new TextDecoder(label).decode(bytes).replace(/\0+$/, '').trim();
  } catch {
    return new TextDecoder('latin1').decode(bytes).trim();
  }
}

function stripDesignations(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x1b) {
      i += bytes[i + 1] === 0x24 && bytes[i + 2] === 0x29 ? 3 : 2; // ESC $ ) C  or  ESC ( B
      continue;
    }
    out.push(bytes[i] ?? 0);
  }
  return Uint8Array.from(out);
}
