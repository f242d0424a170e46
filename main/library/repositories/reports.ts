// The measurement reports repository of a case file (case migration 0008): each imported TID 1500
// report, and its measurements kept as the report wrote them. A report is recorded, with its audit
// event, in the same transaction as the annotations made from it (attach), so a killed import leaves
// either all of it or none, and the next import of the file completes it.
import type { ImportedReport, ReportMeasurement } from '../../../preload/api.ts';
import type { CaseAudit } from '../../security/repositories/auditChain.ts';
import { Repository, type DatabaseHandles } from '../../storage/database.ts';

export type ReportHeader = Omit<ImportedReport, 'importedBy' | 'importedAt' | 'measurements'>;

interface ReportRow {
  sop_instance_uid: string;
  series_instance_uid: string;
  study_instance_uid: string;
  title: string;
  observer: string | null;
  content_date_time: string;
  groups: number;
  annotations: number;
  imported_by: string;
  imported_at: string;
}

interface MeasurementRow {
  group_number: number;
  tracking_identifier: string | null;
  tracking_uid: string | null;
  finding: string | null;
  finding_site: string | null;
  name: string;
  value: number | null;
  numeric_value: string | null;
  unit: string | null;
  modifiers: string;
  geometry: string | null;
}

const json = <T,>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

function measurementOf(r: MeasurementRow): ReportMeasurement {
  return {
    group: r.group_number,
    trackingIdentifier: r.tracking_identifier,
    trackingUniqueIdentifier: r.tracking_uid,
    finding: json(r.finding),
    findingSite: json(r.finding_site),
    name: JSON.parse(r.name) as ReportMeasurement['name'],
    value: r.value,
    numericValue: r.numeric_value,
    unit: json(r.unit),
    modifiers: JSON.parse(r.modifiers) as ReportMeasurement['modifiers'],
    geometry: json(r.geometry),
  };
}

export class ReportsRepository extends Repository {
  private readonly auditChain: CaseAudit;

  constructor(handles: DatabaseHandles, auditChain: CaseAudit) {
    super(handles);
    this.auditChain = auditChain;
  }

  has(sopInstanceUID: string): boolean {
    return this.read.prepare('SELECT 1 FROM measurement_reports WHERE sop_instance_uid = ?').get(sopInstanceUID) !== undefined;
  }

  /** Every imported report, oldest import first, with its kept measurements in report order. */
  list(): ImportedReport[] {
    const reports = this.read.prepare('SELECT * FROM measurement_reports ORDER BY imported_at, sop_instance_uid').all() as ReportRow[];
    const measurements = this.read.prepare('SELECT * FROM report_measurements WHERE report_sop_instance_uid = ? ORDER BY position');
    return reports.map((r) => ({
      SOPInstanceUID: r.sop_instance_uid,
      SeriesInstanceUID: r.series_instance_uid,
      StudyInstanceUID: r.study_instance_uid,
      title: r.title,
      observer: r.observer,
      contentDateTime: r.content_date_time,
      groups: r.groups,
      annotations: r.annotations,
      importedBy: r.imported_by,
      importedAt: r.imported_at,
      measurements: (measurements.all(r.sop_instance_uid) as MeasurementRow[]).map(measurementOf),
    }));
  }

  /** Runs `work` in one write transaction; the writes of the case's other repositories inside it
   *  (annotations, the audit chain) become part of it. */
  inTransaction<T>(work: () => T): T {
    return this.write.transaction(work).immediate();
  }

  /** Records a report and its kept measurements, audited as report.import. */
  record(report: ReportHeader, measurements: readonly ReportMeasurement[], actor: string, at: string): void {
    this.write.transaction(() => {
      this.write
        .prepare(
          `INSERT INTO measurement_reports (sop_instance_uid, series_instance_uid, study_instance_uid, title, observer, content_date_time,
             groups, annotations, imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(report.SOPInstanceUID, report.SeriesInstanceUID, report.StudyInstanceUID, report.title, report.observer, report.contentDateTime,
          report.groups, report.annotations, actor, at);
      const insert = this.write.prepare(
        `INSERT INTO report_measurements (report_sop_instance_uid, position, group_number, tracking_identifier, tracking_uid, finding,
           finding_site, name, value, numeric_value, unit, modifiers, geometry) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const text = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));
      measurements.forEach((m, k) => {
        insert.run(report.SOPInstanceUID, k + 1, m.group, m.trackingIdentifier, m.trackingUniqueIdentifier, text(m.finding), text(m.findingSite),
          JSON.stringify(m.name), m.value, m.numericValue, text(m.unit), JSON.stringify(m.modifiers), text(m.geometry));
      });
      this.auditChain.append({
        at,
        actor,
        action: 'report.import',
        detail: { SOPInstanceUID: report.SOPInstanceUID, groups: report.groups, annotations: report.annotations, measurements: measurements.length },
      });
    }).immediate();
  }
}
