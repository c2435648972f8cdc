import { createHash, randomInt } from "node:crypto";

// No 0/O, 1/I/L: codes are read aloud over the phone and typed on small keyboards.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const INVITE_CODE_LENGTH = 10;
export const MAX_WRONG_CODES_PER_HOUR = 5;
/**
 * Wrong codes per minute from all accounts together. Past it, no code is
 * checked until the minute has passed, so a swarm of new accounts (each under
 * its own hourly limit) cannot try codes quickly either.
 */
export const MAX_WRONG_CODES_PER_MINUTE_ALL = 30;

export function generateInviteCode(): string {
  let code = "";
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** Case-insensitive; spaces and dashes typed by hand are ignored. */
export function normaliseInviteCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, "");
}

export function hashInviteCode(raw: string): string {
  return createHash("sha256").update(normaliseInviteCode(raw)).digest("hex");
}

export function looksLikeInviteCode(raw: string): boolean {
  return /^[A-Z0-9]{6,32}$/.test(normaliseInviteCode(raw));
}

/**
 * A message that is nothing but a code as we generate them (Zalo users send
 * the bare code): exactly our length and alphabet, so ordinary words ("tiến
 * độ", "xin chao") are never taken for a wrong code.
 */
export function isBareInviteCode(raw: string): boolean {
  const code = normaliseInviteCode(raw.trim());
  return code.length === INVITE_CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c));
}
