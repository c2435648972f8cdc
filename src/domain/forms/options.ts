import type { ChoiceOption } from "../parse/choice.js";

/** Choice lists shared by both forms and the indicators. */
export const GENDER_OPTIONS: readonly ChoiceOption<"male" | "female">[] = [
  { value: "male", label: "Nam", aliases: ["trai", "ong"] },
  { value: "female", label: "Nữ", aliases: ["nu", "gai", "ba"] },
];

export const PARTY_OPTIONS: readonly ChoiceOption<"full" | "probationary" | "none">[] = [
  { value: "full", label: "Đảng viên chính thức", aliases: ["chinh thuc", "dang vien", "dv", "dang vien chinh thuc", "la dang vien"] },
  { value: "probationary", label: "Đảng viên dự bị", aliases: ["du bi", "dang vien du bi", "chua chinh thuc", "dang vien chua chinh thuc"] },
  // Whole phrases; any other negation before "đảng viên" is read by parsePartyStatus (src/domain/parse/party.ts).
  {
    value: "none",
    label: "Không phải đảng viên",
    aliases: ["khong", "ko", "chua", "quan chung", "la quan chung", "chua la dang vien", "khong la dang vien", "khong phai dang vien", "khong phai la dang vien", "chua phai dang vien", "chua phai la dang vien", "chua vao dang", "ngoai dang"],
  },
];

export const EDUCATION_OPTIONS: readonly ChoiceOption<"university" | "college" | "secondary" | "other">[] = [
  { value: "university", label: "Đại học trở lên", aliases: ["dai hoc", "dh", "thac si", "tien si", "cu nhan", "ky su"] },
  { value: "college", label: "Cao đẳng, trung cấp, nghề", aliases: ["cao dang", "trung cap", "nghe", "cd", "tc"] },
  { value: "secondary", label: "Trung học phổ thông", aliases: ["thpt", "cap 3", "12/12"] },
  { value: "other", label: "Khác", aliases: ["thcs", "cap 2", "duoi thpt"] },
];

export const THEORY_OPTIONS: readonly ChoiceOption<"advanced" | "intermediate" | "elementary" | "none">[] = [
  { value: "advanced", label: "Cao cấp", aliases: ["cao cap", "cu nhan chinh tri"] },
  { value: "intermediate", label: "Trung cấp", aliases: ["trung cap"] },
  { value: "elementary", label: "Sơ cấp", aliases: ["so cap"] },
  { value: "none", label: "Chưa có", aliases: ["khong", "khong co", "chua"] },
];

export const TENURE_OPTIONS: readonly ChoiceOption<"new" | "reelected">[] = [
  { value: "new", label: "Bầu mới", aliases: ["moi", "lan dau"] },
  { value: "reelected", label: "Tái cử", aliases: ["tai cu", "tiep tuc", "cu"] },
];
