/**
 * SQLite could not write: the disk is full, the file or folder is read-only,
 * or the device failed. Such an error says nothing about the user's input:
 * the same message will work again once the disk does.
 */
const STORAGE_CODES = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|NOMEM|PROTOCOL)/;

export function isStorageFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && STORAGE_CODES.test(code)) return true;
  }
  return false;
}
