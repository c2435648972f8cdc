import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Photos of the minutes that arrive as links which expire (Zalo): kept on our disk, named by content. */
export function createMediaStore(dir: string) {
  let ready = false;
  return {
    /** Writes the bytes once (same content, same name) and returns the file's name inside `dir`. */
    save(bytes: Uint8Array, extension: string): string {
      if (!ready) {
        mkdirSync(dir, { recursive: true });
        ready = true;
      }
      const name = `${createHash("sha256").update(bytes).digest("hex").slice(0, 32)}.${extension.replace(/[^a-z0-9]/gi, "") || "bin"}`;
      try {
        writeFileSync(join(dir, name), bytes, { flag: "wx" });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      return name;
    },
    path: (name: string) => join(dir, name),
  };
}

export type MediaStore = ReturnType<typeof createMediaStore>;
