// Builds the bare Cornerstone3D page (the bench's reference) into out/bench-bare, with the same Vite,
// the same Cornerstone3D packages and the same worker and dependency settings as the app's renderer
// build (vite.config.ts at the repository root).
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('../../../out/bench-bare', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    sourcemap: false,
  },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['@cornerstonejs/dicom-image-loader'], include: ['dicom-parser'] },
});
