import { splitMessage } from "../../domain/split.js";
import { zaloMsg } from "../../domain/catalog/zalo.js";
import { foldVietnamese } from "../../domain/text.js";
import { flattenKeyboard, keyboardRows, plainText, type TerminalButton } from "../plain-text.js";

/** Zalo's sendMessage accepts 1–2,000 characters. */
export const ZALO_TEXT_LIMIT = 2000;

export interface ZaloText {
  /** What to send, in order, each within Zalo's limit. */
  pieces: string[];
  /** The buttons now answered by typing their number or words ([] when none). */
  buttons: TerminalButton[];
}

const words = (s: string) => foldVietnamese(s).replace(/[^a-z0-9 ]+/g, " ").replace(/ +/g, " ").trim();

/**
 * A Telegram message as Zalo shows it: HTML becomes plain text and each
 * button a numbered line, numbered in reading order as the typed answer
 * expects. A button labelled with its own number, or already listed in the
 * text as "n. its words", is not repeated. Long texts are cut at lines.
 */
export function renderForZalo(text: unknown, parseMode: unknown, replyMarkup: unknown): ZaloText {
  const plain = plainText(text, parseMode);
  const buttons = flattenKeyboard(keyboardRows(replyMarkup)).filter((b) => b.callbackData !== undefined || b.sendsText || b.url);
  const lines = plain.split("\n");
  const listed = (n: number, label: string) => {
    const key = words(label);
    return lines.some((line) => line.trimStart().startsWith(`${n}.`) && words(line).includes(key));
  };
  const extra: string[] = [];
  buttons.forEach((button, i) => {
    const n = i + 1;
    if (button.url) extra.push(`${button.text}: ${button.url}`);
    else if (button.text.trim() !== String(n) && !listed(n, button.text)) extra.push(`${n}. ${button.text}`);
  });
  const choosable = buttons.some((b) => !b.url);
  if (choosable && !/go so/.test(foldVietnamese(plain))) extra.push(zaloMsg.typeNumberHint);
  const full = extra.length ? `${plain}\n\n${extra.join("\n")}` : plain;
  return { pieces: splitMessage(full, { limit: ZALO_TEXT_LIMIT }), buttons: buttons.filter((b) => !b.url) };
}
