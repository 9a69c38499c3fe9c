// Blocks by identity (issue #12). Implements the floor's BlockStore port
// (server/floor/blocks.ts); trusts its arguments: the floor checks who blocks whom.
import type { BlockStore } from "../floor/blocks.ts";
import type { Database } from "./database.ts";

export function blockStore(db: Database): BlockStore {
  return {
    async list(personId) {
      const rows = await db.prisma.block.findMany({ where: { personId }, orderBy: { createdAt: "asc" }, select: { blockedId: true } });
      if (rows.length === 0) return [];
      const people = await db.prisma.person.findMany({ where: { id: { in: rows.map((r) => r.blockedId) } }, select: { id: true, displayName: true } });
      const names = new Map(people.map((p) => [p.id, p.displayName]));
      return rows.map((r) => ({ personId: r.blockedId, name: names.get(r.blockedId) ?? "Someone" }));
    },
    async set(personId, blockedId, blocked) {
      if (!blocked) return void (await db.prisma.block.deleteMany({ where: { personId, blockedId } }));
      await db.prisma.block.upsert({ where: { personId_blockedId: { personId, blockedId } }, create: { personId, blockedId }, update: {} });
    },
  };
}
