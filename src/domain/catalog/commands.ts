import type { Role } from "../roles.js";

/**
 * Every chat command, declared once: the /trogiup text and the per-role
 * command menus (setMyCommands) are both built from this list.
 */
export interface CommandSpec {
  command: string;
  description: string;
  roles: readonly Role[];
}

export const COMMANDS: readonly CommandSpec[] = [
  { command: "baucu", description: "Báo cáo bầu cử trưởng thôn", roles: ["reporter", "staff", "admin"] },
  { command: "daihoi", description: "Báo cáo đại hội chi bộ", roles: ["reporter", "staff", "admin"] },
  { command: "nhanh", description: "Mẫu báo cáo nhanh (dán một lần)", roles: ["reporter", "staff", "admin"] },
  { command: "sua", description: "Sửa báo cáo đã gửi", roles: ["reporter", "staff", "admin"] },
  { command: "tiendo", description: "Tiến độ và các chỉ tiêu", roles: ["staff", "leader", "admin"] },
  { command: "chuaxong", description: "Chi bộ chưa hoàn thành", roles: ["staff", "leader", "admin"] },
  { command: "duyet", description: "Xác nhận báo cáo của các thôn", roles: ["staff", "admin"] },
  { command: "baocaongay", description: "Nhận báo cáo tiến độ ngay", roles: ["staff", "leader", "admin"] },
  { command: "nhanbaocao", description: "Bật/tắt báo cáo tiến độ hằng ngày", roles: ["staff", "leader", "admin"] },
  { command: "dangkynhom", description: "Đăng ký nhóm nhận báo cáo (gõ trong nhóm)", roles: ["staff", "leader", "admin"] },
  { command: "xuat", description: "Xuất báo cáo Excel", roles: ["staff", "leader", "admin"] },
  { command: "nguoi", description: "Ai đang giữ quyền gì, ở đâu", roles: ["staff", "leader", "admin"] },
  { command: "moi", description: "Tạo mã mời (kèm mã QR) để chuyển cho người báo cáo", roles: ["staff", "leader", "admin"] },
  { command: "chuadangky", description: "Thôn chưa có người báo cáo đăng ký", roles: ["staff", "leader", "admin"] },
  { command: "thuhoi", description: "Thu hồi quyền của một người", roles: ["staff", "admin"] },
  { command: "xem", description: "Xem báo cáo của một thôn", roles: ["reporter", "staff", "leader", "admin"] },
  { command: "lienket", description: "Dùng thêm Telegram hoặc Zalo (mã liên kết)", roles: ["reporter", "staff", "leader", "admin"] },
  { command: "huy", description: "Hủy thao tác đang làm", roles: ["reporter", "staff", "leader", "admin"] },
  { command: "trogiup", description: "Hướng dẫn sử dụng", roles: ["reporter", "staff", "leader", "admin"] },
];

/** Commands an unregistered user sees. */
export const PUBLIC_COMMANDS: readonly CommandSpec[] = [
  { command: "start", description: "Bắt đầu (kèm mã mời)", roles: [] },
  { command: "trogiup", description: "Hướng dẫn sử dụng", roles: [] },
];

export function commandsFor(roles: readonly Role[]): CommandSpec[] {
  return COMMANDS.filter((c) => c.roles.some((r) => roles.includes(r)));
}
