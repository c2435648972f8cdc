import { outcomeExplain } from "../catalog/report.js";
import { sameName } from "../parse/name.js";
import { formatPercent } from "../parse/percent.js";
import { TENURE_OPTIONS } from "./options.js";
import { noteField } from "./note.js";
import { dateInTerm, notAbove, positive } from "./rules.js";
import type { FieldSpec, FormSpec } from "./types.js";

const date: FieldSpec = { key: "date", kind: "date", label: "Ngày đại hội", question: "Đại hội chi bộ họp ngày nào? (ví dụ 03/01/2025, hoặc gõ \"hôm nay\")", aliases: ["ngay"] };
const summoned: FieldSpec = { key: "summoned", kind: "count", label: "Số đảng viên được triệu tập", question: "Số đảng viên được triệu tập?", aliases: ["trieu tap", "tong so dang vien"] };
const attending: FieldSpec = { key: "attending", kind: "count", label: "Số đảng viên dự đại hội", question: "Số đảng viên có mặt dự đại hội?", aliases: ["du dai hoi", "co mat", "tham du"] };
const secretaryName: FieldSpec = { key: "secretaryName", kind: "name", label: "Họ tên bí thư", question: "Họ tên bí thư chi bộ được bầu?", aliases: ["bi thu", "ten bi thu"] };
const secretaryShare: FieldSpec = { key: "secretaryShare", kind: "percent", label: "Tỷ lệ phiếu bầu bí thư", question: "Bí thư được bao nhiêu phần trăm phiếu bầu? (ví dụ 95,5%)", aliases: ["ty le phieu", "ty le", "phieu bau bi thu"] };
const secretaryIsChief: FieldSpec = { key: "secretaryIsChief", kind: "yesno", label: "Bí thư đồng thời là trưởng thôn", question: "Bí thư chi bộ có đồng thời là trưởng thôn không?", aliases: ["kiem truong thon", "nhat the hoa"] };
const electedAtCongress: FieldSpec = { key: "electedAtCongress", kind: "yesno", label: "Bầu bí thư trực tiếp tại đại hội", question: "Bí thư có được bầu trực tiếp tại đại hội không?", aliases: ["bau truc tiep", "truc tiep"] };
const secretaryTenure: FieldSpec = { key: "secretaryTenure", kind: "choice", label: "Bí thư bầu mới hay tái cử", question: "Bí thư được bầu mới hay tái cử?", options: TENURE_OPTIONS, aliases: ["tai cu", "bau moi"] };
const deputyName: FieldSpec = { key: "deputyName", kind: "optionalName", label: "Phó bí thư", question: "Họ tên phó bí thư chi bộ? (gõ \"không\" nếu không có)", aliases: ["pho bi thu"] };
const committeeSize: FieldSpec = { key: "committeeSize", kind: "count", label: "Số chi ủy viên", question: "Chi ủy có bao nhiêu người? (gõ 0 nếu không bầu chi ủy)", aliases: ["chi uy", "so chi uy"] };
const committeeWomen: FieldSpec = { key: "committeeWomen", kind: "count", label: "Số chi ủy viên nữ", question: "Trong chi ủy có bao nhiêu người là nữ?", aliases: ["chi uy nu", "nu"] };

export const congressForm: FormSpec = {
  kind: "congress",
  title: "đại hội chi bộ",
  quickFormHeading: "BÁO CÁO ĐẠI HỘI CHI BỘ",
  fields: [date, summoned, attending, secretaryName, secretaryShare, electedAtCongress, secretaryIsChief, secretaryTenure, deputyName, committeeSize, committeeWomen, noteField],
  steps: [
    { id: "date", fields: ["date"], question: date.question },
    {
      id: "members",
      fields: ["summoned", "attending"],
      question: "Gửi 2 số theo thứ tự, mỗi số một dòng:\n1. Số đảng viên được triệu tập\n2. Số đảng viên dự đại hội\nVí dụ:\n25\n23",
    },
    {
      id: "secretary",
      fields: ["secretaryName", "secretaryShare"],
      question: "Họ tên bí thư chi bộ và tỷ lệ phiếu bầu?\nVí dụ: Nguyễn Văn An, 95,5%",
    },
    {
      id: "secretaryIsChief",
      fields: ["secretaryIsChief"],
      // Proposed when the secretary's name is the hamlet's elected chief; the user confirms.
      question: (ctx, a) =>
        ctx.electedChiefName && typeof a.secretaryName === "string" && sameName(ctx.electedChiefName, a.secretaryName)
          ? `Bí thư ${a.secretaryName} trùng tên với trưởng thôn vừa được bầu. Xác nhận bí thư đồng thời là trưởng thôn? (1. Có  2. Không)`
          : secretaryIsChief.question,
    },
    { id: "electedAtCongress", fields: ["electedAtCongress"], question: electedAtCongress.question },
    { id: "secretaryTenure", fields: ["secretaryTenure"], question: secretaryTenure.question },
    { id: "deputyName", fields: ["deputyName"], question: deputyName.question },
    {
      id: "committee",
      fields: ["committeeSize", "committeeWomen"],
      question: "Gửi 2 số theo thứ tự, mỗi số một dòng:\n1. Số chi ủy viên (0 nếu không bầu chi ủy)\n2. Số chi ủy viên nữ\nVí dụ:\n3\n1",
    },
  ],
  rules: [dateInTerm(date), positive(summoned), notAbove(attending, summoned), notAbove(committeeWomen, committeeSize)],
  outcome: (a, ctx) => {
    const share = (a.attending as number) / (a.summoned as number);
    if (share + 1e-9 < ctx.term.quorumThreshold) {
      return { outcome: "not_quorate", reason: outcomeExplain.notQuorate(formatPercent(share * 100, 2), formatPercent(ctx.term.quorumThreshold * 100, 2)) };
    }
    return { outcome: "valid" };
  },
};
