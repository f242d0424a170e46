import type { ImportReport } from '../../preload/api.ts';

export interface WorkerInput {
  dataDir: string;
  masterKeyHex: string;
  paths: string[];
  actor: string;
}

export type WorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; code: string; message: string };
