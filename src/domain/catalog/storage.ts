/** What users and admins read when the server's disk cannot be written (full, read-only, failing). */
export const storageMsg = {
  notRecorded:
    "⚠️ Máy chủ tạm thời không ghi được dữ liệu, nên tin nhắn vừa rồi CHƯA được ghi nhận. " +
    "Những gì bạn đã nhập trước đó vẫn còn. Vui lòng gửi lại sau ít phút.",
  reportNotSaved: (title: string) =>
    `⚠️ Báo cáo ${title} CHƯA được lưu: máy chủ tạm thời không ghi được dữ liệu. ` +
    "Các thông tin bạn đã nhập vẫn còn; vui lòng chọn “Lưu” lại sau ít phút.",
  adminAlert: (reason: string) =>
    `⚠️ Cơ sở dữ liệu của bot không ghi được (${reason}). Báo cáo gửi lúc này chưa được lưu và người gửi đã được báo. Vui lòng kiểm tra ổ đĩa của máy chủ.`,
  adminRecovered: "✅ Cơ sở dữ liệu của bot đã ghi được trở lại; báo cáo được lưu bình thường.",
};
