// DCMTK's dcmdump as an independent reader of DICOM files: which files it reads, and the top-level
// values of a few attributes in each.
import { spawnSync } from 'node:child_process';

export interface DcmdumpRecord {
  path: string;
  /** False when dcmdump reports an error reading the file (an `E: ... reading file: <path>` line). */
  readable: boolean;
  /** Top-level (not inside a sequence) values by tag `gggg,eeee`, lower-case hex; '' when empty. */
  values: Map<string, string>;
}

const BATCH = 400;
const HEADER = /^# dcmdump \((\d+)\/(\d+)\): (.*)$/;
// `(0010,0020) LO [1CT1]   #   4, 1 PatientID`; nested elements print as `(0008,1115).(0020,000e) ...`.
const ELEMENT = /^\(([0-9a-f]{4},[0-9a-f]{4})\) (\w\w) (?:\[(.*)\]|\(no value available\)|=(\S*)|(.*?))\s+#\s*\d+,\s*\d+ \S+$/;
const READ_ERROR = /^E: dcmdump: .*: reading file: (.*)$/;

/**
 * Dumps `tags` from every file, many files per dcmdump run. Options: -M (skip loading pixel data),
 * -Un (UIDs as numbers), +uc (elements stored as UN but known to the dictionary read as their real
 * VR), +L (no shortened values), +F (a header naming each file), +p (nested elements prefixed by
 * their sequence, so top-level ones are told apart). Values are decoded byte for byte (latin1).
 */
export function dcmdumpTags(files: readonly string[], tags: readonly string[]): Map<string, DcmdumpRecord> {
  const records = new Map<string, DcmdumpRecord>();
  for (let start = 0; start < files.length; start += BATCH) {
    const batch = files.slice(start, start + BATCH);
    const args = ['-M', '-Un', '+uc', '+L', '+F', '+p', ...tags.flatMap((t) => ['+P', t]), ...batch];
    const run = spawnSync('dcmdump', args, { maxBuffer: 512 * 1024 * 1024 });
    if (run.error) throw new Error(`dcmdump could not be run: ${run.error.message}`);
    const failed = new Set<string>();
    for (const line of run.stderr.toString('latin1').split('\n')) {
      const match = READ_ERROR.exec(line);
      if (match?.[1]) failed.add(match[1]);
    }
    let current: DcmdumpRecord | null = null;
    for (const line of run.stdout.toString('latin1').split('\n')) {
      const header = HEADER.exec(line);
      if (header) {
        if (Number(header[2]) !== batch.length) throw new Error(`dcmdump numbered ${header[2]} files, expected ${batch.length}`);
        const path = header[3] as string;
        current = { path, readable: !failed.has(path), values: new Map() };
        records.set(path, current);
        continue;
      }
      const element = ELEMENT.exec(line);
      if (element && current && !current.values.has(element[1] as string)) {
        current.values.set(element[1] as string, (element[3] ?? element[4] ?? element[5] ?? '').trim());
      }
    }
    if (run.status !== 0 && failed.size === 0) {
      throw new Error(`dcmdump exited with ${run.status} without naming a file it could not read:\n${run.stderr.toString()}`);
    }
  }
  const missing = files.filter((f) => !records.has(f));
  if (missing.length > 0) throw new Error(`dcmdump printed nothing for ${missing.length} files, e.g. ${missing[0]}`);
  return records;
}

/** One file dumped with +U8 (values converted to UTF-8 from its Specific Character Set). */
export function dcmdumpUtf8(file: string, tag: string): string {
  const run = spawnSync('dcmdump', ['-M', '+U8', '+L', '+P', tag, '-s', file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0 || /^[EF]:/m.test(run.stderr)) throw new Error(`dcmdump +U8 could not read ${file}:\n${run.stderr}`);
  const match = ELEMENT.exec(run.stdout.trim().split('\n')[0] ?? '');
  if (!match) throw new Error(`dcmdump printed no ${tag} for ${file}`);
  return (match[3] ?? '').trim();
}
