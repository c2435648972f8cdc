import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { inviteCardMsg } from "../domain/catalog/invite-cards.js";
import { zaloInviteHint } from "../domain/catalog/zalo.js";
import { formatDateVi, todayInVietnam } from "../domain/parse/date.js";
import { unitLabel } from "../domain/unit-label.js";
import type { BulkInvite } from "./bulk.js";

const FONT = fileURLToPath(new URL("../../assets/fonts/BeVietnamPro-Regular.ttf", import.meta.url));
const FONT_BOLD = fileURLToPath(new URL("../../assets/fonts/BeVietnamPro-SemiBold.ttf", import.meta.url));

/** A4 in points; 2 × 4 cards of 105 × 74 mm, cut along the dashed lines. */
const PAGE = { width: 595.28, height: 841.89 };
const COLUMNS = 2;
const ROWS = 4;
const CARD = { width: PAGE.width / COLUMNS, height: PAGE.height / ROWS };
const PAD = 14;
const QR_SIZE = 92;

/**
 * Printable invite cards, eight to an A4 page: the unit's name and place, the role, the code in
 * large letters, a QR code of the Telegram deep link, and two lines saying what to do on Telegram
 * and on Zalo. The bundled Be Vietnam Pro font renders every Vietnamese diacritic.
 */
export async function inviteCardsPdf(invites: readonly BulkInvite[], deepLink: (code: string) => string): Promise<Buffer> {
  const qrs = await Promise.all(
    invites.map((i) => QRCode.toBuffer(deepLink(i.code), { type: "png", errorCorrectionLevel: "M", margin: 1, width: QR_SIZE * 3 })),
  );
  const doc = new PDFDocument({ size: "A4", margin: 0, autoFirstPage: false, info: { Title: inviteCardMsg.title } });
  doc.registerFont("regular", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));

  invites.forEach((invite, i) => {
    const slot = i % (COLUMNS * ROWS);
    if (slot === 0) {
      doc.addPage();
      cutLines(doc);
    }
    const x = (slot % COLUMNS) * CARD.width;
    const y = Math.floor(slot / COLUMNS) * CARD.height;
    drawCard(doc, x, y, invite, qrs[i]!);
  });
  doc.end();
  return done;
}

/** "thị trấn Bình Liêu" heads a card as "Thị trấn Bình Liêu". */
const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase("vi") + s.slice(1);

function cutLines(doc: PDFKit.PDFDocument) {
  doc.save().lineWidth(0.5).dash(4, { space: 4 }).strokeColor("#999999");
  for (let c = 1; c < COLUMNS; c++) doc.moveTo(c * CARD.width, 0).lineTo(c * CARD.width, PAGE.height).stroke();
  for (let r = 1; r < ROWS; r++) doc.moveTo(0, r * CARD.height).lineTo(PAGE.width, r * CARD.height).stroke();
  doc.undash().restore();
}

function drawCard(doc: PDFKit.PDFDocument, x: number, y: number, invite: BulkInvite, qr: Buffer) {
  const left = x + PAD;
  const textWidth = CARD.width - 2 * PAD - QR_SIZE - 8;
  doc.fillColor("#555555").font("regular").fontSize(6.5).text(inviteCardMsg.title, left, y + PAD, { width: CARD.width - 2 * PAD });
  doc.fillColor("#000000").font("bold").fontSize(12).text(capitalized(unitLabel(invite.unit)), left, y + PAD + 11, { width: textWidth, height: 32, ellipsis: true });
  const place = invite.unitPath.split(", ").slice(1).join(", ");
  doc.font("regular").fontSize(7.5).fillColor("#333333");
  if (place) doc.text(place, { width: textWidth });
  doc.text(inviteCardMsg.unitCode(invite.unit.code), { width: textWidth, lineBreak: false });
  doc.moveDown(0.3).text(inviteCardMsg.role(invite.role), left, undefined, { width: textWidth });
  doc.moveDown(0.4).fillColor("#555555").fontSize(7).text(inviteCardMsg.code, { width: textWidth });
  doc.fillColor("#000000").font("bold").fontSize(20).text(invite.code, { width: textWidth, characterSpacing: 1.5 });
  doc.image(qr, x + CARD.width - PAD - QR_SIZE, y + PAD + 12, { width: QR_SIZE, height: QR_SIZE });

  const bottom = y + CARD.height - PAD - 44;
  doc.font("regular").fontSize(7.5).fillColor("#000000");
  doc.text(`1. ${inviteCardMsg.telegram}`, left, bottom, { width: CARD.width - 2 * PAD });
  doc.text(`2. ${zaloInviteHint(invite.code)}.`, { width: CARD.width - 2 * PAD });
  doc.fillColor("#555555").fontSize(6.5).text(inviteCardMsg.expires(formatDateVi(todayInVietnam(new Date(invite.expiresAt)))), { width: CARD.width - 2 * PAD });
}
