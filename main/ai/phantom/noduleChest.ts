// Phantom chest CT slabs with lung nodules, generated from a seed: the training data of the
// ct-lung-nodule-unet model (its build script runs this through Node) and the held-back cases its tests
// score it on. Nothing here comes from a patient, so the project may produce and ship it. Each seed
// varies the anatomy (body and lung shapes, sizes and ends, lung density, vessels, voxel spacing, noise) and
// places 2-6 nodules (ellipsoids of 3-20 mm, solid or part-solid) fully inside the lungs. Values are
// sampled at voxel centres (no partial volume) like the demo phantom; the truth is known by construction.
import { seededRandom as seeded } from '../../dicom/demo/phantom.ts';
import type { Vec3, Volume } from '../pipeline/volume.ts';

export interface PhantomNodule {
  /** 1-based: the value of its voxels in `NoduleCase.nodules` mask. */
  index: number;
  centreMm: Vec3;
  semiAxesMm: Vec3;
  /** Part-solid: a ground-glass shell around a solid core (the whole nodule is the label). */
  partSolid: boolean;
  /** 2 x the longest semi-axis. */
  diameterMm: number;
  /** Of the ellipsoid (4/3 pi a b c), not of its voxels. */
  volumeMl: number;
}

export interface NoduleCase {
  volume: Volume & { voxels: Int16Array };
  /** 0 no nodule, else the nodule's index (volume voxel order). */
  nodules: Uint8Array;
  truth: PhantomNodule[];
}

interface Ellipsoid {
  c: Vec3;
  r: Vec3;
}

interface Vessel {
  from: Vec3;
  to: Vec3;
  radius: number;
  hu: number;
}

const inside = (p: Vec3, e: Ellipsoid, shrink = 0): boolean => {
  let s = 0;
  for (let a = 0; a < 3; a++) s += ((p[a] as number) - (e.c[a] as number)) ** 2 / Math.max(1e-6, (e.r[a] as number) - shrink) ** 2;
  return s < 1;
};

function segmentDistance(p: Vec3, v: Vessel): number {
  const d = [v.to[0] - v.from[0], v.to[1] - v.from[1], v.to[2] - v.from[2]];
  const w = [p[0] - v.from[0], p[1] - v.from[1], p[2] - v.from[2]];
  const len2 = (d[0] as number) ** 2 + (d[1] as number) ** 2 + (d[2] as number) ** 2;
  const t = Math.min(1, Math.max(0, ((w[0] as number) * (d[0] as number) + (w[1] as number) * (d[1] as number) + (w[2] as number) * (d[2] as number)) / len2));
  return Math.hypot((w[0] as number) - t * (d[0] as number), (w[1] as number) - t * (d[1] as number), (w[2] as number) - t * (d[2] as number));
}

/** The case of `seed`: the same seed gives the same voxels on every run and machine. */
export function noduleChestCase(seed: number): NoduleCase {
  const random = seeded(seed * 7919 + 17);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * random();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const px = Math.round(between(0.9, 1.6) * 20) / 20;
  const dz = pick([1.25, 1.5, 2, 2.5]);
  const bodyA = between(130, 165);
  const bodyB = between(92, 115);
  const fat = between(8, 16);
  const columns = Math.ceil((2 * bodyA + 16) / px / 8) * 8;
  const rows = Math.ceil((2 * bodyB + 16) / px / 8) * 8;
  const slices = Math.round(between(60, 90) / dz);
  const origin: Vec3 = [(-(columns - 1) / 2) * px, (-(rows - 1) / 2) * px, (-(slices - 1) / 2) * dz];
  const zTop = origin[2] + (slices - 1) * dz;

  // Lungs: two ellipsoids either side of the mediastinum, cut by the slab above and below.
  const mediastinum = between(12, 24);
  const lungs: Ellipsoid[] = [-1, 1].map((side) => {
    const rx = between(0.26, 0.34) * bodyA;
    const ry = between(0.6, 0.72) * bodyB;
    // Often an apex or a base (the dome) inside the slab: the soft tissue around a lung's end is not a nodule.
    return { c: [side * (mediastinum + rx), between(-8, 4), between(-35, 35)] as Vec3, r: [rx, ry, between(55, 140)] as Vec3 };
  });
  const lungHu = between(-900, -790);
  const dependentHu = between(0, 60); // denser towards the back (+y), as in a supine patient
  const softHu = between(30, 50);
  const fatHu = between(-115, -85);
  const vertebra = { x: 0, y: bodyB - fat - between(22, 30), r: between(14, 20) };

  const vessels: Vessel[] = [];
  for (const lung of lungs) {
    const root: Vec3 = [lung.c[0] - Math.sign(lung.c[0]) * 0.6 * lung.r[0], lung.c[1], lung.c[2] + between(-15, 15)];
    const count = 6 + Math.floor(random() * 9);
    for (let n = 0; n < count; n++) {
      const hilum: Vec3 = [root[0] + between(-6, 6), root[1] + between(-6, 6), root[2] + between(-6, 6)];
      const length = between(25, 70);
      const theta = between(0, 2 * Math.PI);
      const phi = between(-0.8, 0.8);
      // Outwards from the hilum, towards the chest wall.
      const dir: Vec3 = [Math.sign(lung.c[0]) * Math.abs(Math.cos(theta) * Math.cos(phi)), Math.sin(theta) * Math.cos(phi), Math.sin(phi)];
      vessels.push({ from: hilum, to: [hilum[0] + dir[0] * length, hilum[1] + dir[1] * length, hilum[2] + dir[2] * length], radius: between(0.8, 3), hu: between(20, 60) });
    }
  }

  // Nodules: mostly 6-20 mm, some 3-6 mm; fully inside a lung, apart from each other, inside the slab.
  const truth: PhantomNodule[] = [];
  const wanted = 2 + Math.floor(random() * 5);
  for (let attempt = 0; truth.length < wanted && attempt < 200; attempt++) {
    const diameter = random() < 0.25 ? between(3, 6) : between(6, 20);
    const r = diameter / 2;
    const semi: Vec3 = [r * between(0.85, 1), r * between(0.85, 1), r * between(0.85, 1)];
    const lung = pick(lungs);
    const c: Vec3 = [lung.c[0] + between(-1, 1) * lung.r[0], lung.c[1] + between(-1, 1) * lung.r[1], between(origin[2] + r + dz, zTop - r - dz)];
    if (!inside(c, lung, r + 4)) continue;
    if (truth.some((t) => Math.hypot(t.centreMm[0] - c[0], t.centreMm[1] - c[1], t.centreMm[2] - c[2]) < t.diameterMm / 2 + r + 4)) continue;
    const longest = 2 * Math.max(...semi);
    truth.push({ index: truth.length + 1, centreMm: c, semiAxesMm: semi, partSolid: diameter >= 8 && random() < 0.25, diameterMm: longest, volumeMl: (4 / 3) * Math.PI * semi[0] * semi[1] * semi[2] / 1000 });
  }
  const noduleHu = truth.map((t) => (t.partSolid ? { shell: between(-650, -450), core: between(-20, 50), coreShare: between(0.35, 0.6) } : { shell: between(-30, 60), core: 0, coreShare: 0 }));

  const noise = between(8, 30);
  let spare: number | null = null;
  const gaussian = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = Math.max(random(), 1e-12);
    const v = random();
    const m = Math.sqrt(-2 * Math.log(u));
    spare = m * Math.sin(2 * Math.PI * v);
    return m * Math.cos(2 * Math.PI * v);
  };

  const voxels = new Int16Array(columns * rows * slices);
  const nodules = new Uint8Array(voxels.length);
  const a2 = bodyA * bodyA;
  const b2 = bodyB * bodyB;
  const fa2 = (bodyA - fat) ** 2;
  const fb2 = (bodyB - fat) ** 2;
  let v = 0;
  for (let k = 0; k < slices; k++) {
    const z = origin[2] + k * dz;
    const near = vessels.filter((s) => z >= Math.min(s.from[2], s.to[2]) - s.radius && z <= Math.max(s.from[2], s.to[2]) + s.radius);
    const here = truth.filter((t) => Math.abs(z - t.centreMm[2]) < t.semiAxesMm[2]);
    for (let j = 0; j < rows; j++) {
      const y = origin[1] + j * px;
      for (let i = 0; i < columns; i++, v++) {
        const x = origin[0] + i * px;
        const p: Vec3 = [x, y, z];
        let hu: number;
        if ((x * x) / a2 + (y * y) / b2 > 1) hu = -1000;
        else if ((x * x) / fa2 + (y * y) / fb2 > 1) hu = fatHu;
        else if (lungs.some((l) => inside(p, l))) {
          hu = lungHu + (dependentHu * (y + bodyB)) / (2 * bodyB);
          for (const s of near) if (segmentDistance(p, s) < s.radius) hu = s.hu;
          for (const t of here) {
            const e = { c: t.centreMm, r: t.semiAxesMm };
            if (!inside(p, e)) continue;
            const h = noduleHu[t.index - 1] as { shell: number; core: number; coreShare: number };
            hu = t.partSolid && inside(p, { c: e.c, r: e.r.map((s) => s * h.coreShare) as unknown as Vec3 }) ? h.core : h.shell;
            nodules[v] = t.index;
          }
        } else {
          const d = Math.hypot(x - vertebra.x, y - vertebra.y);
          hu = d <= vertebra.r - 3 ? 250 : d <= vertebra.r ? 700 : softHu;
        }
        voxels[v] = Math.round(Math.max(-1024, hu + noise * gaussian()));
      }
    }
  }
  const volume = { voxels, dims: [columns, rows, slices] as Vec3, spacing: [px, px, dz] as Vec3, origin, direction: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] as const };
  return { volume, nodules, truth };
}
