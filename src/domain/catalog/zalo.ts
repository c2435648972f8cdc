/** What Zalo users read that Telegram users never see (Zalo has no buttons, files or formatting). */
export const zaloMsg = {
  /** Zalo sends this event instead of the content when the sender is in a legally protected group. */
  unsupported: "Xin lỗi, bot không đọc được tin nhắn này. Vui lòng gửi lại bằng chữ, hoặc gửi ảnh biên bản.",
  photoNotReceived: "Bot chưa nhận được ảnh vừa gửi (đường truyền bị gián đoạn). Vui lòng gửi lại ảnh.",
  groupsNotSupported: "Bot chỉ làm việc trong tin nhắn riêng. Vui lòng nhắn trực tiếp cho bot.",
  /** Under a message whose choices were buttons on Telegram. */
  typeNumberHint: "(Gõ số để chọn.)",
  fileLink: (caption: string, url: string, hours: number) =>
    `${caption}\n\nTải tệp Excel tại:\n${url}\n(Đường link dùng được trong ${hours} giờ; không chuyển cho người ngoài.)`,
  fileUnavailable:
    "Zalo không gửi được tệp Excel. Vui lòng dùng lệnh /xuat trên Telegram, hoặc đề nghị cán bộ xã gửi tệp cho bạn.",
};

/** How an invite is used on Zalo (printed by `invite create` beside the Telegram link). */
export function zaloInviteHint(code: string): string {
  return `Zalo: nhắn cho bot mã ${code}`;
}
