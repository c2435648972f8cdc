import { quote } from "../text.js";

/** User-visible Vietnamese strings of /tiendo, /chuaxong and free-text answers. */
export const statusMsg = {
  progressTitle: (unit: string) => `<b>Tiến độ — ${unit}</b>`,
  headline: (label: string, done: string, total: string, pct: string) => `${label}: <b>${done}/${total}</b> (${pct})`,
  electionLabel: "Bầu cử trưởng thôn",
  congressLabel: "Đại hội chi bộ",
  finishedLabel: "Hoàn thành cả hai",
  /** Commune sign-off, of the reported (valid, no conflict) reports. */
  confirmed: (election: string, electionReported: string, congress: string, congressReported: string) =>
    `Đã được xã xác nhận: bầu cử ${election}/${electionReported} · đại hội ${congress}/${congressReported}`,
  problems: (revote: number, notQuorate: number, conflict: number) =>
    [revote ? `phải bầu lại: ${revote}` : "", notQuorate ? `đại hội chưa hợp lệ: ${notQuorate}` : "", conflict ? `báo cáo mâu thuẫn: ${conflict}` : ""]
      .filter(Boolean)
      .join(" · "),
  byChild: "<b>Theo đơn vị (chậm nhất trước)</b>",
  childLine: (i: number, unit: string, done: string, total: string, pct: string) => `${i}. ${unit}: ${done}/${total} (${pct})`,
  moreChildren: (n: number) => `… và ${n} đơn vị khác`,
  indicators: "<b>Chỉ tiêu</b>",
  noReportsYet: "Chưa có báo cáo nào.",
  up: (unit: string) => `⬆️ ${unit}`,
  showMissing: "📋 Chưa xong",
  missingTitle: (filter: "all" | "election" | "congress", unit: string, count: string, total: string) =>
    ({
      all: `<b>Chi bộ chưa hoàn thành — ${unit}</b>: ${count}/${total}`,
      election: `<b>Thôn chưa có kết quả bầu trưởng thôn — ${unit}</b>: ${count}/${total}`,
      congress: `<b>Chi bộ chưa có kết quả đại hội — ${unit}</b>: ${count}/${total}`,
    })[filter],
  allDone: (unit: string) => `✅ Tất cả chi bộ của ${unit} đã hoàn thành.`,
  noReporter: "chưa có người báo cáo",
  page: (i: number, n: number) => `Trang ${i}/${n}`,
  previous: "◀️ Trước",
  next: "Sau ▶️",
  electionState: { missing: "chưa báo cáo bầu cử", revote: "phải bầu lại", conflict: "báo cáo bầu cử mâu thuẫn" },
  congressState: { missing: "chưa đại hội", not_quorate: "đại hội chưa đủ số dự", conflict: "báo cáo đại hội mâu thuẫn" },
  unitNotFound: (q: string) => `Không tìm thấy đơn vị "${quote(q)}" trong phạm vi của bạn.`,
  chooseUnit: "Có nhiều đơn vị khớp, chọn một:",
  forbidden: "Đơn vị này nằm ngoài phạm vi của bạn.",
  noRole: "Lệnh này dành cho cán bộ và lãnh đạo.",
} as const;

/**
 * Asking back about a unit named in a free-text question (src/domain/question.ts).
 * Every choice is also a numbered line, answerable by typing (Zalo has no buttons).
 * Interpolated values are HTML-escaped by the caller.
 */
export const questionMsg = {
  /** One close name: "Ý bạn là xã Húc Động, huyện Bình Liêu?" then "1. Có / 2. Không". */
  confirmOne: (unit: string) => `Ý bạn là <b>${unit}</b>?`,
  /** Several close names. */
  closeMany: (typed: string) => `Không thấy đơn vị nào tên đúng là "${quote(typed)}". Ý bạn là:`,
  noneOfThese: "Không phải các đơn vị trên",
  /** How to answer without buttons. */
  hintYesNo: 'Bấm nút, hoặc gõ số thứ tự, "có" hoặc "không".',
  hintList: "Bấm nút, hoặc gõ số thứ tự hoặc tên đơn vị.",
  declined: "Vâng, tôi chưa trả lời. Bạn hãy gõ lại tên đơn vị, có thể kèm xã (phường), huyện, ví dụ: tiến độ xã Húc Động.",
  /** A place-like phrase matched nothing in scope: the answer is for the asker's own scope. */
  scopeNote: (typed: string, scope: string) =>
    `Không tìm thấy đơn vị "${quote(typed)}" trong phạm vi của bạn. Dưới đây là số liệu chung của ${scope}.`,
} as const;
