import { outcomeExplain } from "../catalog/report.js";
import { formatPercent } from "../parse/percent.js";
import { EDUCATION_OPTIONS, GENDER_OPTIONS, PARTY_OPTIONS, TENURE_OPTIONS, THEORY_OPTIONS } from "./options.js";
import { parsePartyStatus } from "../parse/party.js";
import { noteField } from "./note.js";
import { dateInTerm, notAbove, positive } from "./rules.js";
import type { FieldSpec, FormSpec } from "./types.js";

const date: FieldSpec = { key: "date", kind: "date", label: "Ngày bầu cử", question: "Ngày bầu cử là ngày nào? (ví dụ 15/12/2024, hoặc gõ \"hôm nay\")", aliases: ["ngay"] };
const voters: FieldSpec = { key: "voters", kind: "count", label: "Số cử tri trong danh sách", question: "Số cử tri (hoặc đại diện hộ gia đình) trong danh sách?", aliases: ["cu tri", "so cu tri", "tong so cu tri"] };
const participants: FieldSpec = { key: "participants", kind: "count", label: "Số cử tri đi bầu", question: "Số cử tri đã tham gia bầu?", aliases: ["di bau", "tham gia", "so cu tri tham gia"] };
const votes: FieldSpec = { key: "votes", kind: "count", label: "Số phiếu bầu trưởng thôn", question: "Người trúng cử được bao nhiêu phiếu?", aliases: ["so phieu", "phieu bau", "so phieu trung cu"] };
const chiefName: FieldSpec = { key: "chiefName", kind: "name", label: "Họ tên trưởng thôn", question: "Họ tên trưởng thôn trúng cử?", aliases: ["ho ten", "truong thon", "ten truong thon"] };
const gender: FieldSpec = { key: "gender", kind: "choice", label: "Giới tính", question: "Giới tính của trưởng thôn?", options: GENDER_OPTIONS };
const birthYear: FieldSpec = { key: "birthYear", kind: "year", label: "Năm sinh", question: "Năm sinh của trưởng thôn? (ví dụ 1978)" };
const partyStatus: FieldSpec = { key: "partyStatus", kind: "choice", label: "Đảng viên", question: "Trưởng thôn có phải là đảng viên không?", options: PARTY_OPTIONS, aliases: ["dang vien"], read: parsePartyStatus };
const education: FieldSpec = { key: "education", kind: "choice", label: "Trình độ chuyên môn", question: "Trình độ chuyên môn của trưởng thôn?", options: EDUCATION_OPTIONS, aliases: ["trinh do", "chuyen mon"] };
const theory: FieldSpec = { key: "theory", kind: "choice", label: "Lý luận chính trị", question: "Trình độ lý luận chính trị của trưởng thôn?", options: THEORY_OPTIONS, aliases: ["llct", "ly luan"] };
const tenure: FieldSpec = { key: "tenure", kind: "choice", label: "Bầu mới hay tái cử", question: "Trưởng thôn được bầu mới hay tái cử?", options: TENURE_OPTIONS, aliases: ["tai cu", "bau moi"] };

export const electionForm: FormSpec = {
  kind: "election",
  title: "bầu cử trưởng thôn",
  quickFormHeading: "BÁO CÁO BẦU CỬ TRƯỞNG THÔN",
  fields: [date, voters, participants, votes, chiefName, gender, birthYear, partyStatus, education, theory, tenure, noteField],
  steps: [
    // On election day the date is the day itself; it is shown in the read-back and can be changed there.
    { id: "date", fields: ["date"], question: date.question, skipWhen: (ctx) => ctx.today === ctx.term.electionDate },
    {
      id: "counts",
      fields: ["voters", "participants", "votes"],
      question:
        "Gửi 3 số theo thứ tự, mỗi số một dòng:\n1. Số cử tri trong danh sách\n2. Số cử tri đi bầu\n3. Số phiếu bầu cho người trúng cử\nVí dụ:\n312\n298\n270",
    },
    {
      id: "chief",
      fields: ["chiefName", "gender", "birthYear"],
      question: "Họ tên, giới tính, năm sinh của trưởng thôn trúng cử?\nVí dụ: Nguyễn Thị Hoa, nữ, 1978",
    },
    { id: "partyStatus", fields: ["partyStatus"], question: partyStatus.question },
    { id: "education", fields: ["education"], question: education.question },
    { id: "theory", fields: ["theory"], question: theory.question },
    { id: "tenure", fields: ["tenure"], question: tenure.question },
  ],
  rules: [dateInTerm(date), positive(voters), notAbove(participants, voters), notAbove(votes, participants)],
  defaults: (ctx) => ({ date: ctx.today }),
  outcome: (a, ctx) => {
    const turnout = (a.participants as number) / (a.voters as number);
    if (!(turnout > ctx.term.turnoutThreshold)) return { outcome: "revote", reason: outcomeExplain.revoteTurnout(formatPercent(turnout * 100, 2)) };
    const share = (a.votes as number) / (a.participants as number);
    if (!(share > ctx.term.majorityThreshold)) return { outcome: "revote", reason: outcomeExplain.revoteMajority(formatPercent(share * 100, 2)) };
    return { outcome: "valid" };
  },
};
