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

/** A graphic set of ISO 2022 (PS3.3 C.12.1.1.2): how its bytes are decoded. `jis` sets are two-byte
 *  94x94 sets invoked in G0 (bytes 0x21-0x7E); they are decoded as EUC-JP after setting the high bit. */
type GraphicSet = { label: string } | { jis: 'x0208' | 'x0212' };

const ASCII: GraphicSet = { label: 'latin1' };

/** Escape sequences (the bytes after ESC) and the set each designates, in G0 or G1. */
const ESCAPES: ReadonlyArray<[string, 'G0' | 'G1', GraphicSet]> = [
  ['(B', 'G0', ASCII],
  ['(J', 'G0', { label: 'shift_jis' }],
  ['$B', 'G0', { jis: 'x0208' }],
  ['$@', 'G0', { jis: 'x0208' }],
  ['$(D', 'G0', { jis: 'x0212' }],
  [')I', 'G1', { label: 'shift_jis' }],
  ['$)C', 'G1', { label: 'euc-kr' }],
  ['$)A', 'G1', { label: 'gb18030' }],
  ['-A', 'G1', { label: 'latin1' }],
  ['-B', 'G1', { label: 'iso-8859-2' }],
  ['-C', 'G1', { label: 'iso-8859-3' }],
  ['-D', 'G1', { label: 'iso-8859-4' }],
  ['-L', 'G1', { label: 'iso-8859-5' }],
  ['-G', 'G1', { label: 'iso-8859-6' }],
  ['-F', 'G1', { label: 'iso-8859-7' }],
  ['-H', 'G1', { label: 'iso-8859-8' }],
  ['-M', 'G1', { label: 'iso-8859-9' }],
  ['-T', 'G1', { label: 'windows-874' }],
];

function decodeWith(label: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

function decodeRun(set: GraphicSet, bytes: number[]): string {
  if ('label' in set) return decodeWith(set.label, Uint8Array.from(bytes));
  // JIS X 0208 in EUC-JP is the two bytes with the high bit set; JIS X 0212 has an SS3 (0x8F) prefix.
  const euc: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    if (set.jis === 'x0212') euc.push(0x8f);
    euc.push((bytes[i] ?? 0) | 0x80, (bytes[i + 1] ?? 0) | 0x80);
  }
  return decodeWith('euc-jp', Uint8Array.from(euc));
}

/** ISO 2022 code extensions (PS3.5 6.1.2.5): escapes switch the G0 set (bytes below 0x80) or the G1
 *  set (bytes from 0x80); each run of bytes is decoded with the set in force for it. The sets in force
 *  at the start come from value 1 of Specific Character Set. */
function decodeIso2022(bytes: Uint8Array, firstTerm: string): string {
  const initialLabel = LABELS[firstTerm] ?? 'latin1';
  let g0: GraphicSet = firstTerm === 'ISO_2022_IR_13' ? { label: 'shift_jis' } : ASCII;
  let g1: GraphicSet = { label: initialLabel };
  let out = '';
  let run: number[] = [];
  let runSet: GraphicSet = g0;
  const flush = (): void => {
    if (run.length > 0) out += decodeRun(runSet, run);
    run = [];
  };
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (byte === 0x1b) {
      const rest = String.fromCharCode(...bytes.subarray(i + 1, i + 4));
      const escape = ESCAPES.find(([sequence]) => rest.startsWith(sequence));
      if (escape) {
        if (escape[1] === 'G0') g0 = escape[2];
        else g1 = escape[2];
        i += escape[0].length;
        continue;
      }
    }
    const set = byte < 0x80 ? g0 : g1;
    if (set !== runSet) {
      flush();
      runSet = set;
    }
    run.push(byte);
  }
  flush();
  return out;
}

/** Decodes a text value. Code extensions (ISO 2022 escapes) are decoded per run between escapes. */
export function decodeText(bytes: Uint8Array, specificCharacterSet: string): string {
  const terms = specificCharacterSet.split('\\').map((t) => t.trim().replaceAll(' ', '_'));
  const base = terms[0] ?? '';
  const text = bytes.includes(0x1b) ? decodeIso2022(bytes, base) : decodeWith(LABELS[base] ?? 'latin1', bytes);
  return text.replace(/\0+$/, '').trim();
}
