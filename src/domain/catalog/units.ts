/**
 * User-visible Vietnamese texts for the unit registry (import / validation).
 * One place for these strings: code elsewhere calls these functions and never
 * spells a message itself.
 */
import type { UnitLevel } from "../units.js";

/** Short Vietnamese name of each level, used inside messages. */
export const unitLevelLabel: Record<UnitLevel, string> = {
  province: "cấp tỉnh",
  district: "cấp huyện",
  commune: "cấp xã",
  hamlet: "cấp thôn",
};

/** What the parent of a unit of this level may be, in words. */
const allowedParentText: Record<UnitLevel, string> = {
  province: "không có đơn vị cha",
  district: "cấp tỉnh",
  commune: "cấp huyện hoặc cấp tỉnh",
  hamlet: "cấp xã (xã, phường, thị trấn, đặc khu)",
};

/** Type words shown to the user when a type is not recognised. */
export const knownTypeWordsText =
  "tỉnh, thành phố, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu, thôn, bản, làng, ấp, khu, khu phố, tổ dân phố, xóm";

export const CSV_HEADER = "code,name,type,parent_code";

export const unitMsg = {
  // --- CSV reading ---------------------------------------------------------
  emptyFile: (): string => `Dòng 1: tệp trống, cần có dòng tiêu đề "${CSV_HEADER}".`,
  badHeader: (got: string): string =>
    `Dòng 1: dòng tiêu đề phải là "${CSV_HEADER}", nhưng đang là "${got}".`,
  wrongColumnCount: (line: number, count: number): string =>
    `Dòng ${line}: có ${count} cột, cần đúng 4 cột (${CSV_HEADER}).`,
  quoteNotClosed: (line: number): string =>
    `Dòng ${line}: dấu ngoặc kép (") được mở nhưng không được đóng.`,
  badQuote: (line: number): string =>
    `Dòng ${line}: dấu ngoặc kép (") đặt sai chỗ; trường có dấu phẩy hoặc ngoặc kép phải được bao trong ngoặc kép, ngoặc kép bên trong viết thành "".`,
  csvError: (line: number, detail: string): string =>
    `Dòng ${line}: không đọc được tệp CSV (${detail}).`,

  // --- row checks ----------------------------------------------------------
  emptyCode: (line: number): string => `Dòng ${line}: thiếu mã đơn vị (cột code).`,
  emptyName: (line: number, code: string): string =>
    `Dòng ${line}: đơn vị "${code}" chưa có tên (cột name).`,
  emptyType: (line: number, code: string): string =>
    `Dòng ${line}: đơn vị "${code}" chưa có loại (cột type). Dùng một trong: ${knownTypeWordsText}.`,
  unknownType: (line: number, type: string): string =>
    `Dòng ${line}: loại đơn vị "${type}" không hợp lệ. Dùng một trong: ${knownTypeWordsText}.`,
  duplicateCode: (line: number, code: string, firstLine: number): string =>
    `Dòng ${line}: mã "${code}" bị trùng với dòng ${firstLine}.`,
  selfParent: (line: number, code: string): string =>
    `Dòng ${line}: đơn vị "${code}" không thể là đơn vị cha của chính nó.`,
  unknownParent: (line: number, code: string, parentCode: string): string =>
    `Dòng ${line}: mã cha "${parentCode}" của "${code}" không có trong tệp và cũng chưa có trong hệ thống.`,
  cycle: (line: number, codes: string[]): string =>
    `Dòng ${line}: quan hệ cha – con bị vòng lặp: ${codes.join(" → ")}.`,
  provinceHasParent: (line: number, code: string, parentCode: string): string =>
    `Dòng ${line}: "${code}" là ${unitLevelLabel.province} nên không được có mã cha (đang ghi "${parentCode}").`,
  missingParent: (line: number, code: string, level: UnitLevel): string =>
    `Dòng ${line}: "${code}" là ${unitLevelLabel[level]} nên phải có mã cha (${allowedParentText[level]}).`,
  wrongParentLevel: (
    line: number,
    code: string,
    level: UnitLevel,
    parentCode: string,
    parentLevel: UnitLevel,
  ): string =>
    `Dòng ${line}: "${code}" là ${unitLevelLabel[level]} nên đơn vị cha phải là ${allowedParentText[level]}, nhưng "${parentCode}" là ${unitLevelLabel[parentLevel]}.`,
  existingChildWrongLevel: (
    line: number,
    code: string,
    level: UnitLevel,
    childCode: string,
    childLevel: UnitLevel,
  ): string =>
    `Dòng ${line}: nếu đổi "${code}" thành ${unitLevelLabel[level]} thì đơn vị con đã có trong hệ thống "${childCode}" (${unitLevelLabel[childLevel]}) sẽ sai cấp.`,
} as const;
