// Prisma 7 CLI configuration. `prisma generate` needs no database; the URL only
// matters for Prisma's own migrate/studio commands (which need Prisma's native schema
// engine, downloaded online). At run time Foyer connects through server/db/database.ts.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: {
    path: "prisma/migrations",
  },
  datasource: {
    // A dummy default keeps `prisma generate` working without DATABASE_URL.
    url: process.env.DATABASE_URL ?? "postgresql://foyer:foyer@127.0.0.1:5432/foyer",
  },
});
