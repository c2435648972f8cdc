/** User-visible Vietnamese strings of the digest, its commands and reminders. */
export const digestMsg = {
  title: (unit: string) => `📊 <b>Báo cáo tiến độ — ${unit}</b>`,
  at: (when: string) => `Số liệu lúc ${when}`,
  late: "(gửi muộn do hệ thống tạm gián đoạn)",
  change: (delta: number) => (delta > 0 ? ` ▲ +${delta}` : delta < 0 ? ` ▼ ${delta}` : " (không đổi)"),
  lagging: "<b>Chậm nhất</b>",
  flagged: (conflicts: number, returned: number) =>
    [conflicts ? `${conflicts} báo cáo mâu thuẫn` : "", returned ? `${returned} báo cáo bị xã trả lại` : ""].filter(Boolean).join(" · "),
  needsAttention: "<b>Cần xử lý</b>",
  chartTitle: (unit: string) => `Tỷ lệ chi bộ hoàn thành — ${unit}`,
  chartCaption: (unit: string, when: string) => `Biểu đồ tiến độ ${unit}, ${when}`,
  noTerm: "Chưa có nhiệm kỳ đang áp dụng nên chưa có báo cáo ngày.",
  on: "✅ Bạn sẽ nhận báo cáo tiến độ hằng ngày.",
  off: "🔕 Đã tắt báo cáo tiến độ hằng ngày. Gõ /nhanbaocao để bật lại.",
  groupOnly: "Lệnh /dangkynhom chỉ dùng trong nhóm. Hãy thêm bot vào nhóm rồi gõ lệnh trong nhóm.",
  groupRegistered: (unit: string) => `✅ Nhóm này sẽ nhận báo cáo tiến độ hằng ngày của ${unit}.`,
  groupNotAllowed: "Chỉ lãnh đạo hoặc cán bộ đã đăng ký với bot mới đăng ký được nhóm.",
} as const;

export const reminderMsg = {
  electionBefore: (unit: string, date: string) =>
    `🔔 Nhắc việc: ngày ${date} bầu cử trưởng thôn. Sau khi kiểm phiếu, vui lòng báo cáo kết quả của <b>${unit}</b> bằng lệnh /baucu (hoặc /nhanh baucu).`,
  congressBefore: (unit: string, date: string) =>
    `🔔 Nhắc việc: hạn báo cáo đại hội chi bộ là ngày ${date}. <b>${unit}</b> chưa có báo cáo; vui lòng gửi bằng lệnh /daihoi (hoặc /nhanh daihoi).`,
  overdue: (unit: string, missing: string) =>
    `🔔 <b>${unit}</b> còn thiếu: ${missing}. Đã quá hạn, vui lòng báo cáo sớm (/baucu, /daihoi). Nếu gặp khó khăn, hãy liên hệ cán bộ xã.`,
  manual: (unit: string, missing: string) => `🔔 Cán bộ xã nhắc: <b>${unit}</b> còn thiếu ${missing}. Vui lòng báo cáo sớm (/baucu, /daihoi).`,
  escalation: (commune: string, count: number, list: string) =>
    `⏰ <b>${commune}</b> còn ${count} chi bộ chưa hoàn thành sau hạn:\n${list}`,
  remindAll: "🔔 Nhắc tất cả",
  reminded: (sent: number, skipped: number, noReporter: number) =>
    `Đã nhắc ${sent} người báo cáo.` +
    (skipped ? ` ${skipped} người đã được nhắc hôm nay nên không nhắc lại.` : "") +
    (noReporter ? ` ${noReporter} thôn chưa có người báo cáo đăng ký.` : ""),
} as const;
