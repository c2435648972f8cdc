/**
 * Telegram-shaped output as plain text: HTML to text, and inline / reply
 * keyboards as numbered choices. Shared by the terminal simulator and the Zalo
 * channel, neither of which can show formatting or buttons.
 */

import { foldVietnamese } from "../domain/text.js";

// ---------------------------------------------------------------------------
// Text

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", quot: '"', apos: "'", amp: "&", nbsp: "\u00a0" };

/** Decodes the entities Telegram's HTML mode uses (&lt; &gt; &amp; &quot; and numeric ones). */
export function unescapeHtml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const cp = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(cp) && cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Telegram HTML → plain text: tags are dropped (a link keeps its address in
 * brackets), entities are decoded. Entities are decoded after the tags are
 * gone, so an escaped "&lt;b&gt;" prints as "<b>" and is not stripped.
 */
export function htmlToPlain(html: string): string {
  const withLinks = html.replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => {
    const url = unescapeHtml(href);
    const text = label.replace(/<[^>]*>/g, "");
    return unescapeHtml(text) === url ? text : `${text} (${href})`;
  });
  return unescapeHtml(withLinks.replace(/<[^>]*>/g, ""));
}

/** The text of a message as the user would read it, given the call's parse_mode. */
export function plainText(text: unknown, parseMode: unknown): string {
  const s = String(text ?? "");
  return parseMode === "HTML" ? htmlToPlain(s) : s;
}

// ---------------------------------------------------------------------------
// Keyboards

/** One button as the simulator sees it: pressing sends a callback or (reply keyboards) a text. */
export interface TerminalButton {
  text: string;
  callbackData?: string;
  /** Reply-keyboard buttons send their label as a message. */
  sendsText?: boolean;
  url?: string;
}

/** Rows of buttons of an inline keyboard or a reply keyboard; [] when there is none. */
export function keyboardRows(replyMarkup: unknown): TerminalButton[][] {
  const markup = replyMarkup as
    | { inline_keyboard?: { text: string; callback_data?: string; url?: string }[][]; keyboard?: (string | { text: string })[][] }
    | undefined;
  if (!markup || typeof markup !== "object") return [];
  if (Array.isArray(markup.inline_keyboard)) {
    return markup.inline_keyboard.map((row) =>
      row.map((b) => ({ text: String(b.text), callbackData: b.callback_data, url: b.url })),
    );
  }
  if (Array.isArray(markup.keyboard)) {
    return markup.keyboard.map((row) =>
      row.map((b) => ({ text: typeof b === "string" ? b : String(b.text), sendsText: true })),
    );
  }
  return [];
}

/** All buttons, numbered from 1 in reading order (left to right, top to bottom). */
export function flattenKeyboard(rows: TerminalButton[][]): TerminalButton[] {
  return rows.flat();
}

/**
 * "  [1] ✅ Lưu  [2] ✏️ Sửa mục…": one line per keyboard row, numbers running
 * on across rows. URL buttons show their address.
 */
export function renderKeyboard(rows: TerminalButton[][]): string[] {
  let n = 0;
  return rows
    .filter((row) => row.length > 0)
    .map((row) =>
      row
        .map((b) => {
          n++;
          return `  [${n}] ${b.text}${b.url ? ` (${b.url})` : ""}`;
        })
        .join(""),
    );
}

/** What a typed line does when a keyboard is showing. */
export type KeyboardChoice = { kind: "callback"; data: string } | { kind: "text"; text: string } | { kind: "none" };

/** A button label or a typed line reduced to its words: "✅ Lưu" → "luu", "Sau ▶️" → "sau". */
function labelKey(s: string): string {
  return foldVietnamese(s).replace(/[^a-z0-9 ]+/g, " ").replace(/ +/g, " ").trim();
}

/**
 * A line that is just a button's number ("2", "2.", "số 2") or exactly its
 * words ("lưu", "sau", diacritics optional) presses that button; anything else
 * (a number out of range, part of a label, a URL button) is ordinary text.
 */
export function choiceForInput(input: string, buttons: readonly TerminalButton[]): KeyboardChoice {
  const typed = labelKey(input);
  const number = /^(?:so |chon )?(\d{1,3})$/.exec(typed);
  const button = number ? buttons[Number(number[1]) - 1] : typed ? buttons.find((b) => labelKey(b.text) === typed) : undefined;
  if (!button) return { kind: "none" };
  if (button.callbackData !== undefined) return { kind: "callback", data: button.callbackData };
  if (button.sendsText) return { kind: "text", text: button.text };
  return { kind: "none" };
}
