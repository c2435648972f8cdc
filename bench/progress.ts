/** A progress bar on stderr (a plain line every 10% when stderr is not a terminal). */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  const tty = stream.isTTY === true;
  let lastLabel = "";
  let lastDecile = -1;
  let started = performance.now();
  let shown = false;

  return {
    update(label: string, done: number, total: number) {
      if (label !== lastLabel) {
        if (shown && tty) stream.write("\n");
        lastLabel = label;
        lastDecile = -1;
        started = performance.now();
      }
      const fraction = total > 0 ? Math.min(1, done / total) : 0;
      const elapsed = (performance.now() - started) / 1000;
      const eta = fraction > 0.02 ? (elapsed / fraction - elapsed).toFixed(0) : "?";
      const counts = `${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")}`;
      if (tty) {
        const width = 30;
        const filled = Math.round(fraction * width);
        stream.write(`\r${label.padEnd(34)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${counts} ${elapsed.toFixed(0)}s, ~${eta}s left   `);
        shown = true;
      } else {
        const decile = Math.floor(fraction * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          stream.write(`${label}: ${(fraction * 100).toFixed(0)}% ${counts} (${elapsed.toFixed(0)}s)\n`);
        }
      }
    },
    done() {
      if (shown && tty) stream.write("\n");
      shown = false;
      lastLabel = "";
    },
  };
}
