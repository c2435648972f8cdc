import type { Context } from "grammy";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Actor } from "./domain/roles.js";
import type { Channel } from "../db/people.js";

/** What every handler outside a conversation sees: who wrote, and on which messenger. */
export type BotContext = ConversationFlavor<Context & { actor?: Actor; channel: Channel }>;
