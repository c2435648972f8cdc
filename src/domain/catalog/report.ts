/**
 * User-visible Vietnamese strings of the report dialogues, read-back, quick
 * form and corrections. Values are interpolated raw: callers escape for HTML.
 * User text quoted back is shortened (quote) so a reply never grows with it.
 */
import { quote } from "../text.js";

export const formMsg = {
  none: "không có",
  notAYear: (raw: string) => `"${quote(raw)}" không phải là năm sinh. Vui lòng nhập năm gồm 4 chữ số, ví dụ 1978.`,
  yearOutOfRange: (raw: string, maxYear: number) =>
    `Năm sinh ${quote(raw)} không hợp lệ. Vui lòng nhập năm từ 1900 đến ${maxYear} (đủ 18 tuổi).`,
  tooFewParts: (expected: number, labels: string) =>
    `Vui lòng gửi đủ ${expected} thông tin theo thứ tự: ${labels}.`,
  tooManyParts: (expected: number, got: number, labels: string) =>
    `Bạn đã gửi ${got} thông tin, nhưng câu hỏi chỉ cần ${expected}: ${labels}. Vui lòng gửi lại.`,
  onePerLine: (raw: string) => `Chưa rõ "${quote(raw)}" là một số hay nhiều số. Vui lòng gửi mỗi số trên một dòng.`,
  partError: (label: string, error: string) => `${label}: ${error}`,
  outsideWindow: (label: string, date: string, from: string, to: string) =>
    `${label} (${date}) nằm ngoài thời gian của nhiệm kỳ (từ ${from} đến ${to}). Vui lòng nhập lại.`,
  exceeds: (label: string, value: string, otherLabel: string, other: string) =>
    `${label} (${value}) lớn hơn ${otherLabel.toLowerCase()} (${other}). Vui lòng nhập lại.`,
  mustBePositive: (label: string) => `${label} phải lớn hơn 0. Vui lòng nhập lại.`,
  inFuture: (label: string, date: string) => `${label} (${date}) là ngày trong tương lai. Vui lòng nhập lại.`,
  retryHint: "Nếu gặp khó khăn, gõ /huy để dừng, hoặc liên hệ cán bộ xã (phường) để được giúp.",
  typedCommandInside: "Bạn đang báo cáo dở. Vui lòng trả lời câu hỏi ở trên, hoặc gõ /huy để hủy.",
  pressedOldButton: "Câu hỏi này đã qua.",
  multiPartHint: "Mỗi thông tin một dòng, hoặc cách nhau bởi dấu phẩy.",
} as const;

export const outcomeLabel = {
  valid: "✅ Hợp lệ",
  revote: "⚠️ Chưa đạt — phải bầu lại",
  not_quorate: "⚠️ Đại hội chưa đủ số đảng viên dự (chưa hợp lệ)",
} as const;

export const outcomeExplain = {
  revoteTurnout: (pct: string) => `Số cử tri đi bầu chỉ đạt ${pct}, chưa quá một nửa: thôn phải bầu lại.`,
  revoteMajority: (pct: string) => `Người trúng cử chỉ đạt ${pct} số phiếu, chưa quá một nửa: thôn phải bầu lại.`,
  notQuorate: (pct: string, needed: string) => `Số đảng viên dự đại hội đạt ${pct}, chưa đủ ${needed}.`,
} as const;

export const readBackMsg = {
  heading: (title: string, unit: string) => `<b>Kiểm tra báo cáo ${title}</b>\n${unit}`,
  outcome: "Kết quả",
  photoAttached: "📎 Đã có ảnh biên bản",
  photoHint: "Có thể gửi ảnh biên bản (không bắt buộc) trước khi bấm Lưu.",
  save: "✅ Lưu",
  edit: "✏️ Sửa mục…",
  cancel: "❌ Hủy",
  chooseField: "Chọn mục cần sửa:",
  back: "↩️ Quay lại",
  photoSaved: "Đã nhận ảnh biên bản.",
  conflictNote: "⚠️ Thôn này đã có báo cáo khác của người khác.",
} as const;

export const reportMsg = {
  noActiveTerm: "Hiện chưa có nhiệm kỳ nào đang áp dụng. Vui lòng liên hệ quản trị viên.",
  notReporter: "Bạn không có quyền báo cáo. Lệnh này dành cho người báo cáo của thôn hoặc cán bộ xã.",
  askHamlet: "Bạn báo cáo cho thôn nào? Gõ tên thôn (có dấu hoặc không dấu).",
  chooseHamlet: "Chọn thôn:",
  hamletNotFound: (q: string) => `Không tìm thấy thôn "${quote(q)}" trong phạm vi của bạn. Vui lòng gõ lại tên thôn.`,
  tooManyHamlets: (n: number) => `Có ${n} thôn khớp. Vui lòng gõ cụ thể hơn hoặc chọn bên dưới:`,
  start: (title: string, unit: string) => `Báo cáo ${title} — <b>${unit}</b>.\nGõ /huy bất cứ lúc nào để dừng.`,
  saved: (title: string, unit: string, version: number) =>
    `✅ Đã lưu báo cáo ${title} của <b>${unit}</b> (phiên bản ${version}). Cảm ơn bạn!`,
  savedConflict: (title: string, unit: string) =>
    `⚠️ Đã lưu báo cáo ${title} của <b>${unit}</b>, nhưng khác với báo cáo trước đó của người khác. Cán bộ xã sẽ kiểm tra và xác nhận.`,
  alreadySaved: "Báo cáo này đã được lưu trước đó.",
  /** Saved again with nothing changed: no new version. */
  unchanged: (title: string, unit: string, version: number) =>
    `Báo cáo này đã được lưu: báo cáo ${title} của <b>${unit}</b> vẫn là phiên bản ${version}, không có gì thay đổi.`,
  cancelled: "Đã hủy. Báo cáo chưa được lưu.",
  existingReport: (title: string, version: number) =>
    `Thôn này đã có báo cáo ${title} (phiên bản ${version}). Nếu cần sửa, dùng /sua.`,
  noReportToEdit: (title: string) => `Thôn này chưa có báo cáo ${title} để sửa. Dùng /baucu hoặc /daihoi để báo cáo.`,
  chooseKind: "Bạn muốn làm việc với báo cáo nào?",
  askReason: "Lý do sửa (không bắt buộc). Gõ lý do, hoặc bấm Bỏ qua.",
  skipReason: "Bỏ qua",
  expired: "Phiên báo cáo trước đã quá 24 giờ không có trả lời nên đã kết thúc. Gõ /baucu hoặc /daihoi để bắt đầu lại.",
  quickTemplateIntro: "Sao chép mẫu dưới đây, điền sau dấu hai chấm rồi gửi lại cho tôi:",
  quickUsage: "Dùng: /nhanh baucu hoặc /nhanh daihoi",
  quickProblems: "Một số mục chưa đúng hoặc còn thiếu, tôi sẽ hỏi lại:",
  quickUnknownKey: (key: string) => `Không rõ mục "${quote(key)}" — đã bỏ qua.`,
  quickMoreProblems: (n: number) => `… và ${n} mục khác chưa đúng.`,
} as const;

export const REPORT_KIND_LABEL = {
  election: "bầu cử trưởng thôn",
  congress: "đại hội chi bộ",
} as const;

export const viewMsg = {
  usage: "Dùng: /xem <tên thôn>, ví dụ /xem Nà Ếch",
  notFound: (q: string) => `Không tìm thấy thôn "${quote(q)}" trong phạm vi của bạn.`,
  choose: "Có nhiều thôn khớp, chọn một:",
  notReported: "chưa báo cáo",
  versionLine: (version: number, count: number, author: string, when: string) =>
    `phiên bản ${version}/${count} — ${author}, ${when}`,
  conflict: "⚠️ Có báo cáo khác nhau từ hai người, cần cán bộ xã xác nhận (/sua).",
  forbidden: "Đơn vị này nằm ngoài phạm vi của bạn.",
  review: {
    pending: "⏳ Chờ xã xác nhận",
    confirmed: "☑️ Xã đã xác nhận",
    returned: (note: string) => `↩️ Xã trả lại: ${note}. Dùng /sua để sửa.`,
  },
} as const;

/** The free-text note of both reports ("Ghi chú"): never asked in the dialogue. */
export const noteMsg = {
  label: "Ghi chú",
  question: 'Ghi chú thêm cho báo cáo (không bắt buộc)? Gõ nội dung, hoặc "không" nếu không có.',
  /** After the key in the quick-form template. */
  optionalHint: " (không bắt buộc)",
} as const;

/** Several numbers on one line ("1 452"): the one reading that fits the form's rules (src/domain/forms/engine.ts). */
export const readingMsg = {
  understoodAs: (raw: string, values: string) => `Đã hiểu "${quote(raw)}" là ${values}.`,
} as const;
