// DCMTK's dsrdump as an independent reader of DICOM SR files: the document header lines and every NUM
// content item (relationship, concept, value as written, unit, and the concept modifiers under it).
import { spawnSync } from 'node:child_process';

export interface DsrCode {
  value: string;
  scheme: string;
  meaning: string;
}

export interface DsrNum {
  relationship: string;
  concept: DsrCode;
  /** The value as dsrdump prints it (the DS text). */
  value: string;
  unit: DsrCode;
  /** Concept modifiers right under the NUM, e.g. Derivation = Mean. */
  modifiers: Array<{ name: DsrCode; value: DsrCode }>;
}

export interface DsrDump {
  status: number | null;
  stdout: string;
  stderr: string;
  nums: DsrNum[];
}

const CODE = String.raw`\(([^,]*),([^,]*),"(.*?)"\)`;
const NUM = new RegExp(String.raw`^(\s*)<(contains|has [a-z ]+|inferred from) NUM:${CODE}="([^"]*)" ${CODE}>`);
const MODIFIER = new RegExp(String.raw`^(\s*)<has concept mod CODE:${CODE}=${CODE}>`);

const code = (m: RegExpExecArray, at: number): DsrCode => ({ value: m[at] ?? '', scheme: m[at + 1] ?? '', meaning: m[at + 2] ?? '' });

/** `dsrdump +Pc +Pl` (all codes, long values in full) of one file, with its NUM items parsed. */
export function dsrdump(file: string): DsrDump {
  const run = spawnSync('dsrdump', ['+Pc', '+Pl', file], { encoding: 'utf8' });
  if (run.error) throw new Error(`dsrdump could not be run: ${run.error.message}`);
  const nums: DsrNum[] = [];
  let last: { indent: number; num: DsrNum } | null = null;
  for (const line of run.stdout.split('\n')) {
    const num = NUM.exec(line);
    if (num) {
      const item: DsrNum = { relationship: num[2] ?? '', concept: code(num, 3), value: num[6] ?? '', unit: code(num, 7), modifiers: [] };
      nums.push(item);
      last = { indent: (num[1] ?? '').length, num: item };
      continue;
    }
    const modifier = MODIFIER.exec(line);
    if (modifier && last && (modifier[1] ?? '').length > last.indent) last.num.modifiers.push({ name: code(modifier, 2), value: code(modifier, 5) });
    else if (line.trim().startsWith('<')) last = null;
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, nums };
}

/** `dciodvfy` of one file: its Error and Warning lines. */
export function dciodvfy(file: string): { errors: string[]; warnings: string[]; output: string } {
  const run = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  if (run.error) throw new Error(`dciodvfy could not be run: ${run.error.message}`);
  const output = `${run.stdout}${run.stderr}`;
  const lines = output.split('\n');
  return { errors: lines.filter((l) => /^Error/.test(l)), warnings: lines.filter((l) => /^Warning/.test(l)), output };
}
