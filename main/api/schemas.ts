import { z } from 'zod';

export const noArgs = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;
export const caseId = z.string().uuid();
// DICOM UIDs are at most 64 characters of digits and dots; broken files may carry others, so allow
// any short printable text here and let lookups fail cleanly.
export const uid = z.string().min(1).max(128);
export const jobId = z.string().uuid();
export const batchId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
