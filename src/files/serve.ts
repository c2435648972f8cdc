import type { RouteHandler } from "../http-server.js";
import type { PublicFiles } from "./public-files.js";

export const FILES_PATH = "/files/";

/** GET /files/<token>/<name>: the file while its link is valid, else 404. */
export function publicFilesHandler(files: PublicFiles): RouteHandler {
  return (_req, res, url) => {
    const token = url.pathname.slice(FILES_PATH.length).split("/")[0] ?? "";
    const file = files.get(token);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      "content-type": file.contentType,
      "content-length": String(file.bytes.length),
      "content-disposition": `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "cache-control": "private, no-store",
      "x-robots-tag": "noindex",
    });
    res.end(file.bytes);
  };
}
