import type { UserFromGetMe } from "grammy/types";
import { createBot, type BotOptions } from "../../bot.js";
import { createMediaStore } from "../../files/media-store.js";
import type { PublicFiles } from "../../files/public-files.js";
import type { Services } from "../../services.js";
import { createZaloClient } from "./client.js";
import { createChoiceMemory } from "./keyboards.js";
import { createZaloTransport } from "./transport.js";

/** A photo of the minutes may be large; anything bigger is not a photo we want. */
const MAX_PHOTO_BYTES = 15 * 1024 * 1024;
const PHOTO_EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif" };

export interface ZaloChannelOptions extends Omit<BotOptions, "channel" | "client" | "botInfo"> {
  apiRoot: string;
  /** Serves the chart and the workbook as links; without it they are not sent on Zalo. */
  files?: PublicFiles;
  /** Where photos of the minutes are kept (Zalo's links to them expire). */
  mediaDir: string;
  /** Transport to Zalo's servers (tests: global fetch against an emulator). */
  fetch?: typeof globalThis.fetch;
  botInfo?: UserFromGetMe;
  /** Called after every successful Zalo API call (health). */
  onApiSuccess?: (method: string) => void;
}

/**
 * The Zalo channel: the same bot (createBot with channel "zalo") over a
 * transport that speaks the Zalo Bot API. Polling goes through grammY's
 * runner like Telegram's; a webhook body goes through `handleWebhookBody`.
 */
export function createZaloChannel(options: ZaloChannelOptions) {
  const { services } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const client = createZaloClient({ token: options.token, apiRoot: options.apiRoot, logger: services.logger, fetch: fetchImpl, onSuccess: options.onApiSuccess });
  const media = createMediaStore(options.mediaDir);

  async function keepPhoto(url: string): Promise<string> {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`photo download: HTTP ${response.status}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length === 0 || bytes.length > MAX_PHOTO_BYTES) throw new Error(`photo download: ${bytes.length} bytes`);
    const type = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    return `zalo:${media.save(bytes, PHOTO_EXTENSIONS[type] ?? "jpg")}`;
  }

  const transport = createZaloTransport({ client, choices: createChoiceMemory(), files: options.files, keepPhoto, logger: services.logger });
  const bot = createBot({ ...options, channel: "zalo", client: { fetch: transport.fetch } });
  return {
    bot,
    /** Direct Zalo calls outside the bot (setWebhook, deleteWebhook). */
    client,
    async handleWebhookBody(body: unknown) {
      const update = await transport.convert(body);
      if (update) await bot.handleUpdate(update);
    },
    get stopped() {
      return client.stopped;
    },
  };
}

export type ZaloChannel = ReturnType<typeof createZaloChannel>;
