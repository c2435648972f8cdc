import type { Role } from "../roles.js";
import { ROLE_LABEL } from "./onboarding.js";

/** The printed invite cards and the invite workbook (`invite create --under … --cards/--out`). */
export const inviteCardMsg = {
  title: "MÃ MỜI SỬ DỤNG BOT BÁO CÁO BẦU CỬ",
  role: (role: Role) => `Vai trò: ${ROLE_LABEL[role]}`,
  unitCode: (code: string) => `Mã đơn vị: ${code}`,
  code: "Mã mời",
  /** The two lines of instructions. */
  telegram: "Telegram: quét mã QR bằng điện thoại (hoặc mở đường link), rồi bấm “Bắt đầu”.",
  expires: (date: string) => `Dùng một lần, hết hạn ngày ${date}. Không đưa mã cho người khác.`,
  sheetName: "Mã mời",
  headers: ["Đơn vị", "Mã đơn vị", "Vai trò", "Mã mời", "Đường link Telegram", "Trên Zalo", "Hết hạn"],
};
