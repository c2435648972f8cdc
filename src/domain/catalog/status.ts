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
  unitNotFound: (q: string) => `Không tìm thấy đơn vị "${q}" trong phạm vi của bạn.`,
  chooseUnit: "Có nhiều đơn vị khớp, chọn một:",
  forbidden: "Đơn vị này nằm ngoài phạm vi của bạn.",
  noRole: "Lệnh này dành cho cán bộ và lãnh đạo.",
} as const;
