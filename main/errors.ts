// Errors with a stable code (from the one list, preload/errorCodes.ts) and a sentence a person can act
// on; they cross the API boundary as data, and the UI and scripts branch on the code.
import type { ErrorCode } from '../preload/errorCodes.ts';

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
