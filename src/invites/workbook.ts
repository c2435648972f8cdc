import { inviteCardMsg } from "../domain/catalog/invite-cards.js";
import { ROLE_LABEL } from "../domain/catalog/onboarding.js";
import { zaloInviteHint } from "../domain/catalog/zalo.js";
import { formatDateVi, todayInVietnam } from "../domain/parse/date.js";
import type { BulkInvite } from "./bulk.js";

/** The invites as a workbook (one row each) for the commune's records and mail merges. */
export async function inviteWorkbook(invites: readonly BulkInvite[], deepLink: ((code: string) => string) | undefined): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(inviteCardMsg.sheetName);
  sheet.addRow(inviteCardMsg.headers).font = { bold: true };
  for (const i of invites) {
    sheet.addRow([
      i.unitPath,
      i.unit.code,
      ROLE_LABEL[i.role],
      i.code,
      deepLink ? deepLink(i.code) : "",
      zaloInviteHint(i.code),
      formatDateVi(todayInVietnam(new Date(i.expiresAt))),
    ]);
  }
  [48, 20, 18, 14, 44, 30, 12].forEach((width, c) => (sheet.getColumn(c + 1).width = width));
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
