/**
 * User-visible Vietnamese strings of the commune sign-off (/duyet): the list,
 * one report, confirm, return with a reason, and the reporters' notices.
 * Values are interpolated raw: callers escape user-typed text for HTML.
 */
export const reviewMsg = {
  noRole: "Lệnh /duyet dành cho cán bộ xã (phường) và quản trị viên.",
  noneWaiting: "✅ Không có báo cáo nào chờ xác nhận trong phạm vi của bạn.",
  listTitle: (count: string) => `<b>Có ${count} báo cáo chờ xác nhận</b> (cũ nhất trước). Bấm số để mở:`,
  listLine: (i: number, unit: string, kind: string, version: number, author: string, when: string) =>
    `${i}. ${unit} — ${kind} (phiên bản ${version}) — ${author}, ${when}`,
  conflictMark: "⚠️ mâu thuẫn",
  more: (n: string) => `… và ${n} báo cáo khác. Xử lý xong các báo cáo trên rồi gõ /duyet để xem tiếp.`,

  heading: (kind: string, unit: string) => `<b>Báo cáo ${kind}</b>\n${unit}`,
  versionLine: (version: number, count: number, author: string, when: string) => `Phiên bản ${version}/${count} — ${author}, ${when}`,
  correctionReason: (reason: string) => `Lý do sửa: ${reason}`,
  outcome: "Kết quả",
  conflict: "⚠️ Thôn này có hai báo cáo khác nhau. Vui lòng dùng /sua để thống nhất trước khi xác nhận.",
  confirmButton: "✅ Xác nhận",
  returnButton: "↩️ Trả lại",

  forbidden: "Báo cáo này nằm ngoài phạm vi của bạn.",
  notFound: "Không tìm thấy báo cáo này.",
  alreadyHandled: "Báo cáo đã được sửa hoặc đã xử lý.",
  conflictRefused: "Báo cáo đang có mâu thuẫn, chưa xác nhận được. Vui lòng dùng /sua để thống nhất trước.",
  confirmedStamp: (reviewer: string, when: string) => `✅ <b>Đã xác nhận</b> — ${reviewer}, ${when}`,
  returnedStamp: (reviewer: string, when: string, reason: string) => `↩️ <b>Đã trả lại</b> — ${reviewer}, ${when}\nLý do: ${reason}`,
  confirmedToast: "Đã xác nhận.",

  askReason: (kind: string, unit: string) =>
    `Vui lòng gõ <b>lý do trả lại</b> báo cáo ${kind} của <b>${unit}</b>. Người báo cáo sẽ nhận được lý do này.\nGõ /huy để thôi.`,
  reasonAgain: "Vui lòng gõ lý do trả lại bằng chữ (hoặc /huy để thôi).",
  returnAbandoned: "Đã thôi trả lại báo cáo. Báo cáo vẫn đang chờ xác nhận.",
  returned: (kind: string, unit: string, notified: number) =>
    `↩️ Đã trả lại báo cáo ${kind} của <b>${unit}</b>.` +
    (notified > 0 ? ` Đã báo cho ${notified} người báo cáo của thôn.` : " Thôn chưa có người báo cáo nào nhận được thông báo."),

  notifyConfirmed: (kind: string, unit: string, version: number) =>
    `✅ Báo cáo ${kind} của <b>${unit}</b> (phiên bản ${version}) đã được xã xác nhận.`,
  notifyReturned: (kind: string, unit: string, version: number, reason: string) =>
    `↩️ Báo cáo ${kind} của <b>${unit}</b> (phiên bản ${version}) đã bị xã trả lại.\nLý do: ${reason}\nVui lòng dùng /sua để sửa.`,
} as const;
