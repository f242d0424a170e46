// The API's rows for the instances the viewer has been given (series.instances), by case and SOP
// Instance UID: the metadata provider answers geometry from them before any pixels are loaded, and
// the loader learns from them which instances are multi-frame.
import type { InstanceSummary } from '../../../preload/api.ts';

const rows = new Map<string, InstanceSummary>();

const keyOf = (caseId: string, sop: string): string => `${caseId}/${sop}`;

export function rememberInstances(instances: readonly InstanceSummary[]): void {
  for (const instance of instances) rows.set(keyOf(instance.caseId, instance.SOPInstanceUID), instance);
}

export function instanceOf(caseId: string, sop: string): InstanceSummary | undefined {
  return rows.get(keyOf(caseId, sop));
}
