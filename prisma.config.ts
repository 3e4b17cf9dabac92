// Prisma CLI configuration. `engine: "js"` with a driver adapter makes the CLI use the wasm schema
// engine, so `prisma generate` and `prisma migrate diff` work without downloading binaries.
// Migrations are applied by our own migrator (prisma/migrate.ts), see docs/database.md.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  async adapter() {
    return new PrismaPGlite(new PGlite());
  },
});
