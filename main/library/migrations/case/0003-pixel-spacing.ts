import type { Migration } from '../../../storage/migrate.ts';

// Pixel Spacing per instance, so that a volume can be laid out from the case file before any pixel is
// loaded. Instances imported earlier keep NULL (the viewer then reads it from the file).
export const caseMigration0003: Migration = {
  version: 3,
  name: '0003-pixel-spacing',
  repository: 'imaging',
  up(db) {
    db.exec('ALTER TABLE instances ADD COLUMN pixel_spacing TEXT');
  },
};
