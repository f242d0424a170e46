#!/usr/bin/python3
"""Writes ../model.onnx: the voxel work of quantitative CT lung segmentation and the emphysema index.

The network has no learned weights. Every operation is fixed by the definitions it implements:
  channel 0, lung candidate: voxels below -400 HU (air and aerated lung parenchyma, about -1000..-400 HU),
            then a morphological closing (dilation then erosion by max-pooling, a 3 x 5 x 5 voxel box)
            that takes in small vessels and airway walls inside the parenchyma;
  channel 1, low attenuation: voxels below -950 HU (the LAA-950 threshold), on the raw HU, unsmoothed.
Which candidate voxels are lung (not the air outside the patient, not bowel gas) needs connected
components over the whole volume: that runs in TypeScript after the sliding window
(main/ai/pipeline/lungPostprocess.ts).

Input  "ct_hu":  float32 [1, 1, D, H, W], Hounsfield units, D/H/W dynamic (any size).
Output "masks":  float32 [1, 2, D, H, W], 0 or 1.

Deterministic: no random numbers are drawn, the seed and thread count are pinned anyway (as every
build script of this project does), and the exported bytes are checked against manifest.json's sha256.
Run by hand with Debian's python3-torch (1.13) and python3-onnx (1.12):
    /usr/bin/python3 models/ct-lung-emphysema/build/build_model.py
"""
import hashlib
import os
import sys

import torch

SEED = 14
THREADS = 1
OPSET = 17
LUNG_UPPER_HU = -400.0
LAA_HU = -950.0
# Closing box in voxels (slices, rows, columns): about 3 mm each way at 1 mm slices and 0.7 mm pixels.
CLOSING = (3, 5, 5)


class LungEmphysema(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.kernel = CLOSING
        self.padding = tuple(k // 2 for k in CLOSING)

    def dilate(self, mask: torch.Tensor) -> torch.Tensor:
        return torch.nn.functional.max_pool3d(mask, self.kernel, stride=1, padding=self.padding)

    def erode(self, mask: torch.Tensor) -> torch.Tensor:
        # Max-pooling pads with -inf: outside the patch counts as "present" for the erosion, so a lung cut
        # by the volume's (or a patch's) edge is not eaten away there.
        return -torch.nn.functional.max_pool3d(-mask, self.kernel, stride=1, padding=self.padding)

    def forward(self, ct_hu: torch.Tensor) -> torch.Tensor:
        candidate = (ct_hu < LUNG_UPPER_HU).to(torch.float32)
        closed = self.erode(self.dilate(candidate))
        low = (ct_hu < LAA_HU).to(torch.float32)
        return torch.cat([closed, low], dim=1)


def main() -> None:
    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, '..', 'model.onnx')
    model = LungEmphysema().eval()
    example = torch.full((1, 1, 8, 16, 16), -1000.0)
    torch.onnx.export(
        model,
        example,
        out,
        opset_version=OPSET,
        input_names=['ct_hu'],
        output_names=['masks'],
        dynamic_axes={'ct_hu': {2: 'depth', 3: 'height', 4: 'width'}, 'masks': {2: 'depth', 3: 'height', 4: 'width'}},
        do_constant_folding=True,
    )
    import onnx

    onnx.checker.check_model(onnx.load(out))
    with open(out, 'rb') as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    print(f'wrote {os.path.normpath(out)} sha256 {digest}', file=sys.stdout)


if __name__ == '__main__':
    main()
