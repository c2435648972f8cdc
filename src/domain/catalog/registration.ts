/** Registration coverage: which hamlets have no reporter registered yet (/chuadangky, /tiendo, digest, reminder). */
export const registrationMsg = {
  title: (unit: string, count: string) => `📵 <b>Thôn chưa có người báo cáo đăng ký — ${unit}</b>: ${count}`,
  allRegistered: (unit: string) => `✅ Mọi thôn trong ${unit} đều đã có người báo cáo đăng ký.`,
  /** The line under /tiendo's figures. */
  progressLine: (count: string) => `📵 Chưa có người báo cáo đăng ký: <b>${count}</b> thôn (xem: /chuadangky)`,
  showButton: "📵 Chưa đăng ký",
  hint: "Gõ /moi kèm tên thôn để tạo mã mời cho thôn đó.",
  /** In the digest before election day. */
  digestLine: (count: string) => `📵 Còn <b>${count}</b> thôn chưa có người báo cáo đăng ký.`,
  /** To commune staff, with the reminder before election day. */
  staffReminder: (commune: string, count: string, list: string) =>
    `📵 <b>${commune}</b>: còn ${count} thôn chưa có người báo cáo đăng ký bot:\n${list}\n\n` +
    `Vui lòng trao mã mời cho trưởng thôn hoặc bí thư chi bộ các thôn này (gõ /moi kèm tên thôn).`,
};
