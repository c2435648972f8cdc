import { GrammyError } from "grammy";

/**
 * Telegram refuses an edit that changes nothing ("Bad Request: message is not
 * modified: specified new message content and reply markup are exactly the
 * same…"), e.g. when a navigation button is tapped twice. Nothing needs doing.
 */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
}

/** The message to edit is gone or too old to edit: the new content should be sent as a new message. */
export function isNotEditable(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message can't be edited|message to edit not found/i.test(error.description);
}
