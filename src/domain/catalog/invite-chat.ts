import type { Role } from "../roles.js";
import { ROLE_LABEL } from "./onboarding.js";

/** /moi: staff create an invite from the chat and forward it. Unit labels arrive HTML-escaped. */
export const inviteChatMsg = {
  pick: (count: number) =>
    `Tạo mã mời cho thôn nào? Các thôn chưa có người báo cáo đăng ký (${count}). Bấm số hoặc gõ số; hoặc gõ /moi kèm tên thôn:`,
  noneMissing: "Mọi thôn trong phạm vi của bạn đều đã có người báo cáo đăng ký. Gõ /moi kèm tên thôn để tạo thêm mã mời cho một thôn.",
  leaderHint: "Lãnh đạo và quản trị có thể gõ /moi kèm tên xã để mời cán bộ theo dõi của xã đó.",
  notFound: (query: string) => `Không tìm thấy "${query}" trong phạm vi của bạn.`,
  staffOnlyHamlets: "Cán bộ xã tạo mã mời cho người báo cáo của từng thôn: gõ /moi kèm tên thôn.",
  created: (unit: string, role: Role, code: string, expires: string) =>
    `🎟 Mã mời <b>${ROLE_LABEL[role]}</b> cho <b>${unit}</b>:\n<code>${code}</code>\n` +
    `Dùng một lần, hết hạn ngày ${expires}. Chuyển tin nhắn dưới đây cho đúng người:`,
  /** The message to forward to the invited official. */
  forward: (unit: string, code: string, link: string | undefined, zaloHint: string) =>
    `Mời anh/chị dùng bot báo cáo bầu cử cho ${unit}.\n` +
    (link ? `• Telegram: bấm ${link} rồi bấm “Bắt đầu” (hoặc quét mã QR).\n` : `• Telegram: nhắn cho bot /start ${code}\n`) +
    `• ${zaloHint}`,
  qrCaption: (unit: string) => `Mã QR mời cho ${unit}: quét bằng điện thoại để mở bot trên Telegram.`,
};
