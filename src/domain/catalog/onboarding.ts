import type { Role } from "../roles.js";
import type { CommandSpec } from "./commands.js";

export const ROLE_LABEL: Record<Role, string> = {
  reporter: "người báo cáo",
  staff: "cán bộ theo dõi",
  leader: "lãnh đạo",
  admin: "quản trị",
};

export const onboarding = {
  unregistered:
    "Xin chào! Bot này dùng để báo cáo kết quả bầu trưởng thôn và đại hội chi bộ.\n" +
    "Bạn chưa được đăng ký. Vui lòng xin <b>mã mời</b> từ cán bộ xã (phường) phụ trách, " +
    "rồi bấm vào đường link trong mã mời, hoặc gửi mã mời cho bot (ví dụ: <code>/start MÃ_MỜI</code> hoặc chỉ gõ mã).",
  welcome: (name: string, role: Role, unitLabel: string) =>
    `Chào mừng <b>${name}</b>! Bạn đã được đăng ký là <b>${ROLE_LABEL[role]}</b> của <b>${unitLabel}</b>.`,
  linked: (name: string) => `Đã liên kết tài khoản này với <b>${name}</b>. Từ nay bạn dùng được bot ở cả hai nơi, với cùng quyền và đơn vị.`,
  linkCode: (code: string, hours: number) =>
    `Mã liên kết của bạn: <code>${code}</code>\n` +
    `Mở bot trên Zalo (hoặc Telegram), rồi gửi đúng mã này trong ${hours} giờ. Mã chỉ dùng được một lần; đừng đưa cho người khác.`,
  accountTaken: "Tài khoản này đã đăng ký cho một người khác, nên không liên kết được. Vui lòng liên hệ cán bộ xã.",
  welcomeBack: (name: string) => `Chào <b>${name}</b>! Bạn đã đăng ký rồi.`,
  youCan: "Bạn có thể dùng các lệnh sau:",
  codeUnknown: "Mã mời không đúng. Vui lòng kiểm tra lại mã (không phân biệt chữ hoa, chữ thường).",
  codeUsed: "Mã mời này đã được sử dụng. Mỗi mã chỉ dùng được một lần; vui lòng xin mã mới từ cán bộ xã.",
  codeExpired: "Mã mời này đã hết hạn. Vui lòng xin mã mới từ cán bộ xã.",
  rateLimited: "Bạn đã nhập sai mã quá 5 lần trong một giờ. Vui lòng thử lại sau một giờ.",
  /** Too many wrong codes from all accounts together: no code is checked for a while. */
  busyRateLimited:
    "Hệ thống đang tạm ngừng kiểm tra mã mời vì vừa có quá nhiều mã sai được gửi đến. Vui lòng thử lại sau vài phút.",
  cancelled: "Đã hủy. Bạn có thể bắt đầu lại bất cứ lúc nào.",
  nothingToCancel: "Không có thao tác nào đang làm.",
  unknownCommand: "Tôi chưa hiểu yêu cầu này. Gõ /trogiup để xem các lệnh.",
  notAllowed: "Bạn không có quyền dùng lệnh này.",
  /** A button whose data is forged, malformed or belongs to a dialogue that has ended. */
  staleButton: "Nút này không còn hiệu lực.",
  internalError: "Xin lỗi, đã có lỗi. Vui lòng thử lại sau ít phút.",
};

export function commandList(commands: readonly CommandSpec[]): string {
  return commands.map((c) => `/${c.command} — ${c.description}`).join("\n");
}
