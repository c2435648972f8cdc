import type { TerminalButton } from "../plain-text.js";

/** The buttons of the last message the bot sent to a Zalo chat, shown there as numbered lines. */
export interface ShownChoices {
  messageId: number;
  text: string;
  buttons: TerminalButton[];
}

/**
 * Per chat, the choices a typed number or label answers. Kept in memory
 * (bounded, least recently used out): after a restart a typed number reaches
 * the bot as plain text, which every dialogue question still understands.
 */
export function createChoiceMemory(maxChats = 20_000) {
  const shown = new Map<string, ShownChoices>();
  return {
    get(chatId: string): ShownChoices | undefined {
      return shown.get(chatId);
    },
    /** The latest message decides: one without buttons clears the choices. */
    set(chatId: string, choices: ShownChoices | undefined) {
      shown.delete(chatId);
      if (!choices) return;
      shown.set(chatId, choices);
      if (shown.size > maxChats) shown.delete(shown.keys().next().value!);
    },
  };
}

export type ChoiceMemory = ReturnType<typeof createChoiceMemory>;
