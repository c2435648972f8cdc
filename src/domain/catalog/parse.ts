/**
 * Every user-visible Vietnamese error message produced by the input parsers
 * (src/domain/parse/*). Keep them short, polite and concrete.
 *
 * Offending values are interpolated raw (shortened with "…" when long, so a
 * long message never makes the reply too long); the caller HTML-escapes the
 * whole message before sending it with Telegram's HTML parse mode.
 */
import { quote } from "../text.js";

/** "1. Có  2. Không" — numbered option list used in choice errors. */
export function formatOptionList(labels: readonly string[]): string {
  return labels.map((label, i) => `${i + 1}. ${label}`).join("  ");
}

export const countMsg = {
  empty: "Bạn chưa nhập số. Vui lòng nhập một số, ví dụ 1.452.",
  notANumber: (raw: string) => `"${quote(raw)}" không phải là một số. Vui lòng nhập số, ví dụ 1.452.`,
  notWhole: (raw: string) =>
    `"${quote(raw)}" không phải là số nguyên. Vui lòng nhập số nguyên, ví dụ 1.452 (dấu chấm chỉ dùng để ngăn cách hàng nghìn).`,
  negative: (raw: string) => `"${quote(raw)}" là số âm. Vui lòng nhập số từ 0 trở lên.`,
  tooLarge: (raw: string, maxText: string) =>
    `"${quote(raw)}" quá lớn (tối đa ${maxText}). Vui lòng kiểm tra lại.`,
} as const;

export const percentMsg = {
  empty: "Bạn chưa nhập tỷ lệ. Vui lòng nhập tỷ lệ phần trăm, ví dụ 85,5%.",
  notAPercent: (raw: string) =>
    `"${quote(raw)}" không phải là tỷ lệ phần trăm. Vui lòng nhập số, ví dụ 85,5%.`,
  tooManyDecimals: (raw: string) =>
    `"${quote(raw)}" có quá nhiều chữ số thập phân. Vui lòng nhập tối đa 2 chữ số sau dấu phẩy, ví dụ 85,25%.`,
  outOfRange: (raw: string) => `Tỷ lệ "${quote(raw)}" không hợp lệ: tỷ lệ phải từ 0% đến 100%.`,
} as const;

export const dateMsg = {
  empty: 'Bạn chưa nhập ngày. Vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 15/12/2024, hoặc gõ "hôm nay".',
  notADate: (raw: string) =>
    `"${quote(raw)}" không phải là ngày hợp lệ. Vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 15/12/2024, hoặc gõ "hôm nay".`,
  invalidMonth: (raw: string, month: number) =>
    `"${quote(raw)}" không hợp lệ: không có tháng ${month}. Tháng phải từ 1 đến 12.`,
  impossibleDate: (day: number, month: number, year: number, daysInMonth: number) =>
    `Ngày ${day}/${month}/${year} không tồn tại: tháng ${month}/${year} chỉ có ${daysInMonth} ngày. Vui lòng kiểm tra lại.`,
  yearOutOfRange: (raw: string, minYear: number, maxYear: number) =>
    `Năm trong "${quote(raw)}" không hợp lệ. Vui lòng nhập năm từ ${minYear} đến ${maxYear}.`,
} as const;

export const nameMsg = {
  empty: "Bạn chưa nhập họ tên. Vui lòng nhập họ và tên, ví dụ Nguyễn Văn An.",
  tooShort: (raw: string) =>
    `"${quote(raw)}" quá ngắn. Vui lòng nhập đầy đủ họ và tên, ví dụ Nguyễn Văn An.`,
  tooLong: (maxLength: number) =>
    `Họ tên quá dài (tối đa ${maxLength} ký tự). Vui lòng kiểm tra lại.`,
  hasDigits: (raw: string) =>
    `Họ tên "${quote(raw)}" có chữ số. Vui lòng chỉ nhập chữ cái, ví dụ Nguyễn Văn An.`,
  invalidChars: (raw: string, chars: readonly string[]) =>
    `Họ tên "${quote(raw)}" có ký tự không hợp lệ: ${chars.join(" ")}. Vui lòng chỉ dùng chữ cái, dấu cách, dấu gạch nối (-), dấu nháy (') và dấu chấm.`,
} as const;

export const choiceMsg = {
  noOptions: "Hiện không có lựa chọn nào. Vui lòng thử lại sau.",
  empty: (list: string) => `Bạn chưa chọn. Vui lòng trả lời bằng số thứ tự: ${list}`,
  notFound: (raw: string, list: string) =>
    `Chưa rõ lựa chọn "${quote(raw)}". Vui lòng trả lời bằng số thứ tự hoặc tên lựa chọn: ${list}`,
  numberOutOfRange: (raw: string, count: number, list: string) =>
    `Không có lựa chọn số ${quote(raw)}. Vui lòng chọn từ 1 đến ${count}: ${list}`,
  ambiguous: (raw: string, matches: readonly string[], list: string) =>
    `"${quote(raw)}" khớp với nhiều lựa chọn (${matches.join(", ")}). Vui lòng trả lời bằng số thứ tự: ${list}`,
} as const;
