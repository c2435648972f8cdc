import type { Context } from "grammy";
import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Actor } from "./domain/roles.js";

/** What every handler outside a conversation sees. */
export type BotContext = ConversationFlavor<Context & { actor?: Actor }>;
