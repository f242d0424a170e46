// Orientation letters for the viewport edges, from ImageOrientationPatient (LPS: +x patient Left,
// +y Posterior, +z Head). Never assumed: without an orientation there are no letters.

function letterOf(vector: readonly number[]): string {
  const axes: Array<[number, string, string]> = [
    [vector[0] ?? 0, 'L', 'R'],
    [vector[1] ?? 0, 'P', 'A'],
    [vector[2] ?? 0, 'H', 'F'],
  ];
  // Oblique directions get up to two letters, strongest first (as most viewers show them).
  return axes
    .filter(([v]) => Math.abs(v) > 0.3)
    .sort((a, b) => Math.abs(b[0]) - Math.abs(a[0]))
    .slice(0, 2)
    .map(([v, pos, neg]) => (v > 0 ? pos : neg))
    .join('');
}

export interface EdgeLetters {
  left: string;
  right: string;
  top: string;
  bottom: string;
}

export function edgeLetters(orientation: readonly number[] | null): EdgeLetters | null {
  if (!orientation || orientation.length !== 6) return null;
  const row = orientation.slice(0, 3);
  const column = orientation.slice(3, 6);
  const negate = (v: number[]): number[] => v.map((x) => -x);
  return { right: letterOf(row), left: letterOf(negate(row)), bottom: letterOf(column), top: letterOf(negate(column)) };
}
