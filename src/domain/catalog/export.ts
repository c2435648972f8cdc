/**
 * Vietnamese strings of the Excel export (/xuat and `npm run cli -- export`):
 * sheet names, column headers, state labels and the bot's messages. The form
 * field columns reuse each field's own `label` (src/domain/forms).
 */
import { quote } from "../text.js";
import type { CongressState, ElectionState } from "../coverage.js";
import { indicatorLabel } from "./indicators.js";
import { statusMsg } from "./status.js";

/** Excel limits sheet names to 31 characters without : \ / ? * [ ]. */
export const sheetName = {
  summary: "Tổng hợp",
  indicators: "Chỉ tiêu",
  election: "Bầu cử trưởng thôn",
  congress: "Đại hội chi bộ",
  unfinished: "Chưa hoàn thành",
} as const;

export const summaryHeader = {
  unit: "Đơn vị",
  level: "Cấp",
  hamlets: "Số thôn",
  electionReported: "Đã bầu trưởng thôn",
  congressReported: "Đã đại hội",
  finished: "Hoàn thành",
  percent: "%",
  revote: "Phải bầu lại",
  notQuorate: "Đại hội chưa hợp lệ",
  conflict: "Mâu thuẫn",
} as const;

export const indicatorHeader = {
  label: "Chỉ tiêu",
  numerator: "Tử số",
  denominator: "Mẫu số",
  value: "Tỷ lệ",
  note: "Ghi chú",
} as const;

/** Rows of the "Chỉ tiêu" sheet: ranges read as two rows (lowest, highest). */
export const indicatorRowLabel = {
  ...indicatorLabel,
  secretaryVoteShareMin: "Tỷ lệ phiếu bầu bí thư thấp nhất",
  secretaryVoteShareMax: "Tỷ lệ phiếu bầu bí thư cao nhất",
  chiefVoteShareMin: "Tỷ lệ phiếu bầu trưởng thôn thấp nhất",
  chiefVoteShareMax: "Tỷ lệ phiếu bầu trưởng thôn cao nhất",
} as const;

export const indicatorNote = {
  missing: "chưa có số liệu",
  /** Mean and range rows: over how many hamlets' reports. */
  over: (reports: number) => `trên ${reports} báo cáo`,
} as const;

/** The commune's sign-off of a reported hamlet. */
export const reviewLabel = { confirmed: "Đã xác nhận", pending: "Chưa xác nhận" } as const;

export const hamletHeader = {
  code: "Mã",
  hamlet: "Thôn",
  commune: "Xã (phường)",
  district: "Huyện",
  state: "Trạng thái",
  review: "Xã xác nhận",
  version: "Phiên bản",
  author: "Người báo cáo",
  updatedAt: "Thời gian cập nhật",
} as const;

export const unfinishedHeader = {
  code: "Mã",
  hamlet: "Thôn",
  commune: "Xã (phường)",
  district: "Huyện",
  election: "Bầu cử",
  congress: "Đại hội",
  reporters: "Người báo cáo",
} as const;

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/** A hamlet's state per report kind, as the export writes it (same wording as /chuaxong). */
export const electionStateLabel: Record<ElectionState, string> = {
  reported: "Đã báo cáo, hợp lệ",
  missing: capitalize(statusMsg.electionState.missing),
  revote: capitalize(statusMsg.electionState.revote),
  conflict: capitalize(statusMsg.electionState.conflict),
};

export const congressStateLabel: Record<CongressState, string> = {
  reported: "Đã báo cáo, hợp lệ",
  missing: capitalize(statusMsg.congressState.missing),
  not_quorate: capitalize(statusMsg.congressState.not_quorate),
  conflict: capitalize(statusMsg.congressState.conflict),
};

export const noReporter = statusMsg.noReporter;

/** Workbook properties. */
export const workbookTitle = (unit: string, term: string) => `Báo cáo bầu cử trưởng thôn và đại hội chi bộ — ${unit} — nhiệm kỳ ${term}`;

/** Messages of /xuat and of the CLI. Values are interpolated raw: callers escape for HTML. */
export const exportMsg = {
  notAllowed: "Xin lỗi, chức năng xuất báo cáo Excel dành cho cán bộ xã, huyện, lãnh đạo và quản trị viên. Bạn vẫn có thể xem báo cáo của thôn mình bằng /xem.",
  unitNotFound: (q: string) => `Không tìm thấy đơn vị "${quote(q)}" trong phạm vi của bạn. Gõ /xuat để xuất đơn vị của bạn, hoặc /xuat kèm tên xã, huyện.`,
  chooseUnit: "Bạn muốn xuất báo cáo của đơn vị nào?",
  privateOnly: "Tệp Excel có họ tên và năm sinh của từng người nên chỉ gửi trong tin nhắn riêng. Vui lòng nhắn /xuat trực tiếp cho bot.",
  forbidden: statusMsg.forbidden,
  caption: (unit: string, term: string, when: string, finished: string, hamlets: string, pct: string) =>
    `Báo cáo ${unit} — nhiệm kỳ ${term}\nSố liệu lúc ${when}. Hoàn thành: ${finished}/${hamlets} thôn (${pct}).`,
  sendFailed:
    "Xin lỗi, hiện chưa gửi được tệp Excel. Vui lòng thử lại sau ít phút; nếu vẫn không được, hãy báo quản trị viên.",
} as const;
