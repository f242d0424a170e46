// Value conversions the SR needs: new UIDs (2.25.<128-bit integer>, PS3.5 B.2), an annotation's UID as
// a Tracking Unique Identifier and back, decimal strings of at most 16 characters (DS), and DICOM
// dates and times of a moment.
import { createHash, randomBytes } from 'node:crypto';

/** A DICOM UID: digits and dots, no empty or zero-led component, at most 64 characters. */
export function isDicomUid(text: string): boolean {
  return text.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/.test(text);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A fresh UID under 2.25, from a random (version 4) UUID. */
export function newUid(): string {
  const b = randomBytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${b.toString('hex')}`).toString()}`;
}

/**
 * The Tracking Unique Identifier of an annotation: its UID itself when it is a DICOM UID; the 2.25 form
 * of its UUID (ITU-T X.667, reversible, see annotationUidOf) for Cornerstone's lower-case UUIDs; otherwise
 * a 2.25 UID from the first 128 bits of its SHA-256 (stable across exports, not reversible: the writer
 * then keeps the annotation UID in the Precis annotation item).
 */
export function trackingUidOf(annotationUID: string): string {
  if (isDicomUid(annotationUID)) return annotationUID;
  if (UUID.test(annotationUID)) return `2.25.${BigInt(`0x${annotationUID.replaceAll('-', '')}`).toString()}`;
  const digest = createHash('sha256').update(annotationUID, 'utf8').digest('hex').slice(0, 32);
  return `2.25.${BigInt(`0x${digest}`).toString()}`;
}

/** The annotation UID a Tracking Unique Identifier stands for, when trackingUidOf made it (UUIDs, UIDs). */
export function annotationUidOf(trackingUid: string): string {
  const match = trackingUid.match(/^2\.25\.([0-9]+)$/);
  if (!match?.[1]) return trackingUid;
  const value = BigInt(match[1]);
  if (value >= 1n << 128n) return trackingUid;
  const hex = value.toString(16).padStart(32, '0');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  // Only a version 4 UUID of the RFC 4122 variant is taken as one (what Cornerstone makes); any other
  // 2.25 UID stays a UID.
  return /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid) ? uuid : trackingUid;
}

/** A number as a DICOM DS (at most 16 characters): the shortest exact form when it fits, otherwise
 *  rounded to the most significant digits that fit. Full precision goes beside it in an FD. */
export function decimalString(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written as a decimal string`);
  const exact = String(value);
  if (exact.length <= 16) return exact;
  for (let digits = 16; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
    const exponent = value.toExponential(Math.max(0, digits - 1)).replace('e+', 'e');
    if (exponent.length <= 16) return exponent;
  }
  throw new RangeError(`${value} cannot be written as a decimal string`);
}

/** DICOM DA and TM (UTC) of a moment: '20261130', '101530.123'. */
export function dicomDateTime(at: Date): { date: string; time: string } {
  const iso = at.toISOString();
  return { date: iso.slice(0, 10).replaceAll('-', ''), time: `${iso.slice(11, 19).replaceAll(':', '')}.${iso.slice(20, 23)}` };
}
