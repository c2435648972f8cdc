import type { Role } from "../roles.js";
import { ROLE_LABEL } from "./onboarding.js";

/** /nguoi (who holds which role where) and /thuhoi (revoke a role). Names and units arrive HTML-escaped. */
export const peopleMsg = {
  listTitle: (unit: string, count: number) => `👥 <b>Người dùng bot — ${unit}</b> (${count} người giữ quyền)`,
  none: (unit: string) => `Chưa có ai đăng ký trong ${unit}.`,
  /** "Nguyễn Văn An — người báo cáo, Bản Nà Ếch · Telegram, Zalo · đăng ký 10/12/2024 · hoạt động 15/12 09:12" */
  line: (name: string, role: Role, unit: string, channels: string, registered: string, lastSeen: string | undefined) =>
    `• <b>${name}</b> — ${ROLE_LABEL[role]}, ${unit} · ${channels} · đăng ký ${registered}` +
    (lastSeen ? ` · hoạt động ${lastSeen}` : " · chưa thấy hoạt động"),
  more: (n: number) => `… và ${n} người khác. Gõ /nguoi kèm tên đơn vị để xem từng nơi.`,
  unitNotFound: (query: string) => `Không tìm thấy đơn vị "${query}" trong phạm vi của bạn.`,

  revokePick: (unit: string) => `Thu hồi quyền của ai trong ${unit}? Chọn một người (bấm nút hoặc gõ số):`,
  revokeNone: (unit: string) => `Trong ${unit} không có ai mà bạn có thể thu hồi quyền.`,
  revokeChoice: (name: string, role: Role, unit: string) => `${name} — ${ROLE_LABEL[role]}, ${unit}`,
  revokeConfirm: (name: string, role: Role, unit: string) =>
    `Thu hồi quyền <b>${ROLE_LABEL[role]}</b> của <b>${name}</b> tại <b>${unit}</b>?\n` +
    `Người này sẽ không dùng được bot cho đơn vị này nữa (báo cáo đã gửi vẫn được giữ nguyên).`,
  revokeYes: "✅ Thu hồi",
  revokeNo: "❌ Không",
  /** Typed answers that confirm or decline (folded, without diacritics). */
  yesWords: ["co", "dong y", "thu hoi", "ok", "1"],
  noWords: ["khong", "huy", "thoi", "2"],
  revoked: (name: string, role: Role, unit: string) =>
    `Đã thu hồi quyền ${ROLE_LABEL[role]} của <b>${name}</b> tại ${unit}. Nếu cần người thay thế, gõ /moi để tạo mã mời mới (hoặc đề nghị cán bộ tỉnh).`,
  revokeCancelled: "Đã hủy, không thu hồi quyền của ai.",
  alreadyGone: "Người này không còn giữ quyền đó (có thể đã được thu hồi).",
  notYourself: "Bạn không thể tự thu hồi quyền của chính mình.",

  /** What a person whose roles were all revoked reads when they write to the bot. */
  noLongerAllowed:
    "Bạn không còn quyền sử dụng bot này (quyền đã được thu hồi). Báo cáo bạn đã gửi vẫn được giữ nguyên. " +
    "Nếu đây là nhầm lẫn, vui lòng liên hệ cán bộ xã; nếu được cấp mã mời mới, hãy gửi mã đó cho bot.",
};
