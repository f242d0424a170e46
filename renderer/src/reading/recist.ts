// RECIST 1.1 style sums: per study, the diameters of its target lesions added up (a lesion's longest
// diameter; a lymph node's short axis). Pure: the Findings panel and its tests call it with records.
import type { AnnotationRecord } from '../../../preload/api.ts';

export interface StudySum {
  StudyInstanceUID: string;
  targets: number;
  /** Sum of the target diameters in mm; null when a target has no diameter in mm. */
  sumMm: number | null;
  /** Targets that cannot be summed (not a length or bidirectional, or not calibrated in mm). */
  unmeasurable: number;
}

const isNode = (location: string): boolean => /\bnode|nodal|lymph/i.test(location);

/** The diameter RECIST counts for a target finding, in mm, or null. */
export function targetDiameterMm(record: Pick<AnnotationRecord, 'tool' | 'stats' | 'finding'>): number | null {
  if (record.stats.lengthUnit !== 'mm') return null;
  const long = typeof record.stats.length === 'number' ? record.stats.length : null;
  const short = typeof record.stats.width === 'number' ? record.stats.width : null;
  if (record.tool === 'Bidirectional') return isNode(record.finding?.location ?? '') ? short : long;
  if (record.tool === 'Length') return long;
  return null;
}

export function recistSums(records: readonly AnnotationRecord[]): StudySum[] {
  const byStudy = new Map<string, StudySum>();
  for (const record of records) {
    if (!record.finding?.target || !record.StudyInstanceUID) continue;
    const sum = byStudy.get(record.StudyInstanceUID) ?? { StudyInstanceUID: record.StudyInstanceUID, targets: 0, sumMm: 0, unmeasurable: 0 };
    sum.targets++;
    const diameter = targetDiameterMm(record);
    if (diameter === null) {
      sum.unmeasurable++;
      sum.sumMm = null;
    } else if (sum.sumMm !== null) sum.sumMm += diameter;
    byStudy.set(record.StudyInstanceUID, sum);
  }
  return [...byStudy.values()];
}
