import { randomBytes } from "node:crypto";

interface StoredFile {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
  expiresAt: number;
}

/**
 * Files a messenger cannot upload (Zalo: the digest chart, the Excel export)
 * served by our HTTP server at an unguessable link that expires. Kept in
 * memory and bounded: a link dies with the process (ask again with /xuat).
 */
export function createPublicFiles(options: { baseUrl: string; ttlMs: number; now?: () => number; maxBytes?: number }) {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 100 * 1024 * 1024;
  const base = options.baseUrl.replace(/\/+$/, "");
  const files = new Map<string, StoredFile>();
  let held = 0;

  function drop(token: string) {
    const file = files.get(token);
    if (!file) return;
    held -= file.bytes.length;
    files.delete(token);
  }
  function sweep() {
    const t = now();
    for (const [token, file] of files) if (file.expiresAt <= t) drop(token);
    // Oldest first (insertion order) when over the memory budget.
    for (const token of files.keys()) {
      if (held <= maxBytes) break;
      drop(token);
    }
  }

  return {
    ttlMs: options.ttlMs,
    /** Keeps the bytes and returns the public link. */
    put(bytes: Uint8Array, filename: string, contentType: string): string {
      const token = randomBytes(18).toString("base64url");
      files.set(token, { bytes, filename, contentType, expiresAt: now() + options.ttlMs });
      held += bytes.length;
      sweep();
      return `${base}/files/${token}/${encodeURIComponent(filename)}`;
    },
    /** The file behind `/files/<token>/…`, if the link is still valid. */
    get(token: string): StoredFile | undefined {
      const file = files.get(token);
      if (file && file.expiresAt > now()) return file;
      if (file) drop(token);
      return undefined;
    },
  };
}

export type PublicFiles = ReturnType<typeof createPublicFiles>;
