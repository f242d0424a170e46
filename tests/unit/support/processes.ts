// Several `precis` processes at the same moment, each run to its end with its output collected.
import { startCli } from './env.ts';

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCliAsync(args: string[]): Promise<Finished> {
  const child = startCli(args);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Runs every command at once and waits for all of them. */
export function runAllAtOnce(commands: string[][]): Promise<Finished[]> {
  return Promise.all(commands.map(runCliAsync));
}
