// What the bench ran on, and which reference tools are there. A missing tool is named with its
// install command; its rows then say "no reference" instead of failing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  chromium: string | null;
  /** 1-minute load average when the bench started: other work on the machine makes every figure noisy. */
  loadAverageAtStart: number;
}

export interface ReferenceTool {
  available: boolean;
  command: string;
  version: string | null;
  install: string;
}

export interface ReferenceTools {
  pydicom: ReferenceTool;
  dcmtk: ReferenceTool;
  chromium: ReferenceTool;
}

/** Debian's interpreter (the python3 first on PATH may be another one without pydicom). */
export const PYTHON = process.env.PRECIS_BENCH_PYTHON ?? '/usr/bin/python3';
export const DCMDUMP = process.env.PRECIS_BENCH_DCMDUMP ?? 'dcmdump';
export const CHROMIUM = process.env.PRECIS_CHROMIUM ?? '/usr/bin/chromium';

function firstLine(command: string, args: string[]): string | null {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (run.error || run.status !== 0) return null;
  return `${run.stdout}${run.stderr}`.trim().split('\n')[0] ?? '';
}

export function checkReferences(): ReferenceTools {
  const pydicom = firstLine(PYTHON, ['-c', 'import pydicom; print(pydicom.__version__)']);
  const dcmtk = firstLine(DCMDUMP, ['--version']);
  const chromium = existsSync(CHROMIUM) ? firstLine(CHROMIUM, ['--version']) : null;
  return {
    pydicom: { available: pydicom !== null, command: PYTHON, version: pydicom, install: 'sudo apt-get install -y python3-pydicom' },
    dcmtk: { available: dcmtk !== null, command: DCMDUMP, version: dcmtk, install: 'sudo apt-get install -y dcmtk' },
    chromium: { available: chromium !== null, command: CHROMIUM, version: chromium, install: 'sudo apt-get install -y chromium' },
  };
}

/** "pydicom missing (sudo apt-get install -y python3-pydicom)": what a row says when its tool is absent. */
export function missing(name: string, tool: ReferenceTool): string {
  return `${name} missing (${tool.install})`;
}

function osName(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

function cpuModel(): string {
  try {
    const name = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    if (name) return name.trim();
  } catch {
    // not Linux: fall through to os.cpus()
  }
  return cpus()[0]?.model ?? 'unknown';
}

export function describeMachine(references: ReferenceTools): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: availableParallelism(),
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    kernel: release(),
    node: process.version,
    chromium: references.chromium.version,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function machineLine(m: MachineInfo): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.os} (Linux ${m.kernel}), Node ${m.node}, ${m.chromium ?? 'no Chromium'}`;
}
