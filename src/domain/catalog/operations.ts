/** What admins read about the running system: backups and the messengers' reachability. */

const CHANNEL_NAME: Record<string, string> = { telegram: "Telegram", zalo: "Zalo" };
const channelName = (channel: string) => CHANNEL_NAME[channel] ?? channel;

export const operationsMsg = {
  /** `detail` is HTML-escaped by the caller. */
  backupFailed: (detail: string) =>
    `⚠️ <b>Sao lưu cơ sở dữ liệu không thành công.</b>\n` +
    `Việc báo cáo vẫn hoạt động bình thường; bản sao lưu trước đó vẫn còn nguyên.\n` +
    `Lý do: <code>${detail}</code>\n` +
    `Vui lòng kiểm tra dung lượng đĩa và thư mục sao lưu trên máy chủ.`,
  backupRecovered: (file: string) => `✅ Sao lưu cơ sở dữ liệu đã hoạt động trở lại (bản mới nhất: <code>${file}</code>).`,
  channelDown: (channel: string, minutes: number) =>
    `⚠️ Bot không kết nối được với máy chủ ${channelName(channel)} đã ${minutes} phút. ` +
    `Người dùng ${channelName(channel)} có thể không gửi được báo cáo; các kênh khác vẫn hoạt động.`,
  channelUp: (channel: string, minutes: number) => `✅ Bot đã kết nối lại được với ${channelName(channel)} (gián đoạn khoảng ${minutes} phút).`,
};
