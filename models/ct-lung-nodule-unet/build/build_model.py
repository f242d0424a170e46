#!/usr/bin/python3
"""Trains ../model.onnx: a small 3D U-Net that segments lung nodules in chest CT (HU), on phantoms only.

Training data: phantom chest CT slabs made by the project's own generator,
main/ai/phantom/noduleChest.ts (run here through Node), one case per seed in TRAIN_SEEDS. Each seed varies
voxel spacing (0.9-1.6 mm pixels, 1.25-2.5 mm slices), body and lung shapes and sizes, lung density,
vessels and noise, and places 2-6 nodules of 3-20 mm (ellipsoids, solid or part-solid) inside the lungs;
the label is every voxel inside a nodule. The held-back seeds the tests score the model on (1000 and up)
are never generated here.

Network: 3D U-Net, 3 levels (CHANNELS: 6, 12, 24), 3x3x3 convolutions, batch norm, ReLU, max-pooling by 2,
nearest upsampling to the skip's size (so any patch size works), sigmoid output.
Input  "ct_hu":  float32 [1, 1, D, H, W], Hounsfield units (the app applies the manifest's window
                 [-1000, 400] and min-max normalisation to [0, 1] before the model).
Output "nodule": float32 [1, 1, D, H, W], probability of nodule.

Deterministic: seed SEED for torch and numpy, THREADS threads, deterministic algorithms; the same
machine type gives byte-identical files (a different thread count changes the weights).
Run by hand (about 15-20 minutes on 1 CPU thread) with Debian's python3-torch (1.13), python3-onnx (1.12),
python3-numpy and Node 22 on PATH, from the repository root:
    /usr/bin/python3 models/ct-lung-nodule-unet/build/build_model.py
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

SEED = 14
THREADS = 1
OPSET = 17
TRAIN_SEEDS = list(range(1, 41))
STEPS = int(os.environ.get('NODULE_STEPS', '800'))
BATCH = 4
PATCH = (16, 48, 48)  # slices, rows, columns
WINDOW = (-1000.0, 400.0)
CHANNELS = (8, 16, 32)
NODULE_PATCH_SHARE = 0.6

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..', '..'))


def generate(seeds, out_dir):
    """Writes each seed's case with the TypeScript generator: <seed>.hu (int16), <seed>.lab (uint8), <seed>.json."""
    generator = os.path.join(ROOT, 'main', 'ai', 'phantom', 'noduleChest.ts')
    code = (
        "import { writeFileSync } from 'node:fs';"
        f"import {{ noduleChestCase }} from {json.dumps(generator)};"
        f"for (const seed of {json.dumps(seeds)}) {{"
        "  const c = noduleChestCase(seed);"
        f"  const base = {json.dumps(out_dir)} + '/' + seed;"
        "  writeFileSync(base + '.hu', c.volume.voxels);"
        "  writeFileSync(base + '.lab', c.nodules);"
        "  writeFileSync(base + '.json', JSON.stringify({ dims: c.volume.dims, spacing: c.volume.spacing, truth: c.truth }));"
        "}"
    )
    subprocess.run(['node', '--input-type=module', '-e', code], check=True)
    cases = []
    for seed in seeds:
        meta = json.load(open(os.path.join(out_dir, f'{seed}.json')))
        nx, ny, nz = meta['dims']
        hu = np.fromfile(os.path.join(out_dir, f'{seed}.hu'), dtype='<i2').reshape(nz, ny, nx)
        lab = np.fromfile(os.path.join(out_dir, f'{seed}.lab'), dtype=np.uint8).reshape(nz, ny, nx)
        image = ((np.clip(hu.astype(np.float32), *WINDOW) - WINDOW[0]) / (WINDOW[1] - WINDOW[0])).astype(np.float32)
        # Patch centres: any nodule voxel, or (the rest of the time) any voxel of the body on a coarse grid.
        body = np.argwhere(hu[::2, ::4, ::4] > -950) * np.array([2, 4, 4])
        cases.append((image, (lab > 0).astype(np.float32), np.argwhere(lab > 0), body))
    return cases


def block(cin, cout):
    return torch.nn.Sequential(
        torch.nn.Conv3d(cin, cout, 3, padding=1, bias=False), torch.nn.BatchNorm3d(cout), torch.nn.ReLU(inplace=True),
        torch.nn.Conv3d(cout, cout, 3, padding=1, bias=False), torch.nn.BatchNorm3d(cout), torch.nn.ReLU(inplace=True),
    )


class UNet3D(torch.nn.Module):
    def __init__(self, c=CHANNELS):
        super().__init__()
        self.enc1, self.enc2, self.bottom = block(1, c[0]), block(c[0], c[1]), block(c[1], c[2])
        self.dec2, self.dec1 = block(c[2] + c[1], c[1]), block(c[1] + c[0], c[0])
        self.head = torch.nn.Conv3d(c[0], 1, 1)

    def logits(self, x):
        e1 = self.enc1(x)
        e2 = self.enc2(F.max_pool3d(e1, 2))
        b = self.bottom(F.max_pool3d(e2, 2))
        d2 = self.dec2(torch.cat([F.interpolate(b, size=e2.shape[2:], mode='nearest'), e2], 1))
        d1 = self.dec1(torch.cat([F.interpolate(d2, size=e1.shape[2:], mode='nearest'), e1], 1))
        return self.head(d1)


class Exported(torch.nn.Module):
    """What model.onnx computes: probabilities from the normalised patch."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, ct_hu):
        return torch.sigmoid(self.net.logits(ct_hu))


def sample(cases, rng):
    images, labels = [], []
    for _ in range(BATCH):
        image, label, points, body = cases[rng.integers(len(cases))]
        shape = image.shape
        if len(points) > 0 and rng.random() < NODULE_PATCH_SHARE:
            # A nodule voxel, moved up to a third of the patch so the nodule is not always central.
            centre = points[rng.integers(len(points))] + np.array([rng.integers(-(p // 3), p // 3 + 1) for p in PATCH])
        else:
            centre = body[rng.integers(len(body))]
        start = [int(np.clip(centre[a] - PATCH[a] // 2, 0, max(0, shape[a] - PATCH[a]))) for a in range(3)]
        sl = tuple(slice(start[a], start[a] + PATCH[a]) for a in range(3))
        im, lb = image[sl], label[sl]
        if rng.random() < 0.5:
            im, lb = im[:, :, ::-1], lb[:, :, ::-1]
        if rng.random() < 0.5:
            im, lb = im[:, ::-1, :], lb[:, ::-1, :]
        images.append(np.ascontiguousarray(im))
        labels.append(np.ascontiguousarray(lb))
    return torch.from_numpy(np.stack(images)[:, None]), torch.from_numpy(np.stack(labels)[:, None])


def loss_of(logits, target):
    bce = F.binary_cross_entropy_with_logits(logits, target)
    p = torch.sigmoid(logits)
    dice = 1 - (2 * (p * target).sum() + 1) / (p.sum() + target.sum() + 1)
    return bce + dice


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    rng = np.random.default_rng(SEED)
    with tempfile.TemporaryDirectory(prefix='nodule-cases-') as tmp:
        t0 = time.time()
        cases = generate(TRAIN_SEEDS, tmp)
        print(f'{len(cases)} training cases generated in {time.time() - t0:.0f} s', flush=True)
    net = UNet3D()
    optimiser = torch.optim.Adam(net.parameters(), lr=3e-3)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=3e-3, total_steps=STEPS, pct_start=0.1)
    t0 = time.time()
    running = 0.0
    for step in range(1, STEPS + 1):
        x, y = sample(cases, rng)
        net.train()
        optimiser.zero_grad()
        loss = loss_of(net.logits(x), y)
        loss.backward()
        optimiser.step()
        schedule.step()
        running = 0.95 * running + 0.05 * loss.item() if step > 1 else loss.item()
        if step % 25 == 0:
            print(f'step {step}/{STEPS} loss {running:.4f} ({time.time() - t0:.0f} s)', flush=True)
    out = os.path.join(HERE, '..', 'model.onnx')
    model = Exported(net).eval()
    torch.onnx.export(
        model, torch.zeros((1, 1) + PATCH), out, opset_version=OPSET,
        input_names=['ct_hu'], output_names=['nodule'],
        dynamic_axes={'ct_hu': {2: 'depth', 3: 'height', 4: 'width'}, 'nodule': {2: 'depth', 3: 'height', 4: 'width'}},
        do_constant_folding=True,
    )
    import onnx

    onnx.checker.check_model(onnx.load(out))
    with open(out, 'rb') as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    print(f'wrote {os.path.normpath(out)} sha256 {digest} after {STEPS} steps in {time.time() - t0:.0f} s', file=sys.stdout)


if __name__ == '__main__':
    main()
