/**
 * The chart renderer process, started by renderProgressChart (./chart.ts) with
 * an IPC channel: renders each requested chart with ./chart-engine.ts and
 * answers with the PNG bytes (or the error). Exits when the channel closes,
 * i.e. when the bot stops it after an idle while, or when the bot exits.
 */
import type { RenderReply, RenderRequest } from "./chart.js";
import { renderProgressChartPng } from "./chart-engine.js";

if (!process.send) {
  process.stderr.write("chart-process: start it through renderProgressChart (needs an IPC channel)\n");
  process.exit(2);
}

const reply = (message: RenderReply) => {
  // The parent may be gone already: then we exit on "disconnect".
  if (process.connected) process.send!(message, undefined, undefined, () => undefined);
};

process.on("message", (request: RenderRequest) => {
  renderProgressChartPng(request.input).then(
    (png) => reply({ id: request.id, png }),
    (error: unknown) => {
      const e = error instanceof Error ? error : new Error(String(error));
      reply({ id: request.id, error: { name: e.name, message: e.message } });
    },
  );
});
process.on("disconnect", () => process.exit(0));
