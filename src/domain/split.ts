/**
 * Splitting a reply that is too long for one Telegram message. Pure, no dependencies.
 */

/** Telegram's limit for one message's text (UTF-16 code units, after entities are parsed). */
export const TELEGRAM_TEXT_LIMIT = 4096;

const GRAPHEMES = new Intl.Segmenter("vi", { granularity: "grapheme" });
/** A tag or an entity of Telegram's HTML mode; everything else is text (the caller escaped it). */
const MARKUP = /<\/?[a-zA-Z][\w-]*(?:\s[^>]*)?>|&(?:#\d+|#x[\da-fA-F]+|[a-zA-Z]+);/g;
const TAG = /^<(\/?)([a-zA-Z][\w-]*)/;

interface Open {
  name: string;
  tag: string;
}

/** A line (sep "\n") or the continuation of a line too long for one message (sep ""). */
interface Piece {
  sep: string;
  text: string;
}

/**
 * Splits `text` into messages of at most `limit` UTF-16 code units, at line
 * boundaries. A line longer than a message is cut between words where it can,
 * never inside a tag, an entity or a grapheme. With `html`, tags still open at
 * a cut are closed at the end of one message and opened again at the start of
 * the next, so every part is valid on its own. Blank parts are dropped.
 * (The limit is applied to the text with its markup, which is never shorter
 * than what Telegram counts.)
 */
export function splitMessage(text: string, opts: { html?: boolean; limit?: number } = {}): string[] {
  const limit = opts.limit ?? TELEGRAM_TEXT_LIMIT;
  const html = opts.html ?? false;
  if (text.length <= limit) return [text];
  // Room for the tags closed and reopened around a cut (our messages nest two deep at most).
  const pieceMax = Math.max(16, Math.floor(limit * 0.9) - 64);
  const pieces: Piece[] = [];
  for (const line of text.split("\n")) {
    if (line.length <= pieceMax) pieces.push({ sep: "\n", text: line });
    else cutLine(line, pieceMax, html).forEach((part, i) => pieces.push({ sep: i === 0 ? "\n" : "", text: part }));
  }

  const parts: string[] = [];
  let open: Open[] = [];
  let body = "";
  const opening = (stack: readonly Open[]) => stack.map((o) => o.tag).join("");
  const closing = (stack: readonly Open[]) => stack.map((o) => `</${o.name}>`).reverse().join("");
  for (const piece of pieces) {
    const after = html ? track(open, piece.text) : open;
    if (body !== "") {
      const candidate = `${body}${piece.sep}${piece.text}`;
      if (candidate.length + closing(after).length <= limit) {
        body = candidate;
        open = after;
        continue;
      }
      parts.push(`${body}${closing(open)}`);
      body = "";
    }
    // A part never starts with a blank line.
    if (piece.text.trim() !== "") body = `${opening(open)}${piece.text}`;
    open = after;
  }
  if (body !== "") parts.push(`${body}${closing(open)}`);
  return parts.filter((part) => (html ? visible(part) : part).trim() !== "");
}

/** The open-tag stack after `text`. */
function track(stack: readonly Open[], text: string): Open[] {
  const next = [...stack];
  for (const match of text.matchAll(MARKUP)) {
    const tag = TAG.exec(match[0]);
    if (!tag) continue;
    const name = tag[2]!.toLowerCase();
    if (tag[1] === "") next.push({ name, tag: match[0] });
    else {
      const at = next.map((o) => o.name).lastIndexOf(name);
      if (at !== -1) next.splice(at, 1);
    }
  }
  return next;
}

/** The text without tags, each entity standing for one character. */
function visible(text: string): string {
  return text.replace(MARKUP, (m) => (m.startsWith("<") ? "" : "x"));
}

/** A line cut into parts of at most `max` code units: after a space where possible, never inside markup or a grapheme. */
function cutLine(line: string, max: number, html: boolean): string[] {
  const atoms: string[] = [];
  let last = 0;
  const addText = (s: string) => {
    for (const { segment } of GRAPHEMES.segment(s)) {
      // A hostile "grapheme" (a letter with thousands of combining marks) is cut between code points.
      if (segment.length > max / 4) atoms.push(...Array.from(segment));
      else atoms.push(segment);
    }
  };
  if (html) {
    for (const match of line.matchAll(MARKUP)) {
      addText(line.slice(last, match.index));
      atoms.push(match[0]);
      last = match.index + match[0].length;
    }
  }
  addText(line.slice(last));

  const parts: string[] = [];
  let current: string[] = [];
  let size = 0;
  let lastSpace = -1; // index in `current` just after a space
  for (const atom of atoms) {
    if (size + atom.length > max && current.length > 0) {
      const at = lastSpace > current.length / 2 ? lastSpace : current.length;
      parts.push(current.slice(0, at).join(""));
      current = current.slice(at);
      size = current.reduce((n, a) => n + a.length, 0);
      lastSpace = -1;
    }
    current.push(atom);
    size += atom.length;
    if (/^\s+$/.test(atom)) lastSpace = current.length;
  }
  if (current.length) parts.push(current.join(""));
  return parts;
}
