// Where each image of a stack lies along its slice normal, and which image of another stack lies at
// (or nearest to) a given point: what synchronised scrolling compares. Patient coordinates (LPS, mm).
import type { InstanceSummary } from '../../../../preload/api.ts';

export type Point3 = [number, number, number];

/** The slice normal of an image orientation (row x column), or null without one. */
export function normalOf(orientation: readonly number[] | null | undefined): Point3 | null {
  if (!orientation || orientation.length !== 6) return null;
  const [r0, r1, r2, c0, c1, c2] = orientation as [number, number, number, number, number, number];
  const n: Point3 = [r1 * c2 - r2 * c1, r2 * c0 - r0 * c2, r0 * c1 - r1 * c0];
  const length = Math.hypot(...n);
  return length > 0 ? (n.map((v) => v / length) as Point3) : null;
}

const dot = (a: readonly number[], b: readonly number[]): number => (a[0] ?? 0) * (b[0] ?? 0) + (a[1] ?? 0) * (b[1] ?? 0) + (a[2] ?? 0) * (b[2] ?? 0);

/**
 * The index of the image of `instances` (displayable ones, in display order) whose plane is nearest to
 * `point`, or null when the stack has no geometry, is not parallel to `normal`, or the point lies more
 * than one slice gap beyond its first or last image (no anatomy there to show).
 */
export function nearestSlice(instances: readonly InstanceSummary[], point: readonly number[], normal: readonly number[]): number | null {
  const own = normalOf(instances[0]?.ImageOrientationPatient);
  if (!own || Math.abs(dot(own, normal)) < 0.99) return null;
  let best: number | null = null;
  let bestDistance = Infinity;
  const distances: number[] = [];
  instances.forEach((instance, index) => {
    const position = instance.ImagePositionPatient;
    if (!position) return;
    const distance = Math.abs(dot(position, own) - dot(point, own));
    distances.push(dot(position, own));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = index;
    }
  });
  if (best === null || distances.length < 2) return best;
  const sorted = [...distances].sort((a, b) => a - b);
  const gap = Math.max(...sorted.slice(1).map((d, k) => d - (sorted[k] ?? d)));
  return bestDistance <= gap ? best : null;
}
