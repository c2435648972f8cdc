/** The audit trail's actions as the operator reads them (CLI and the Excel file). */
export const AUDIT_ACTION_LABEL: Record<string, string> = {
  invite_created: "tạo mã mời",
  invite_used: "dùng mã mời",
  role_granted: "cấp quyền",
  role_revoked: "thu hồi quyền",
  report_confirmed: "xác nhận báo cáo",
  report_returned: "trả lại báo cáo",
  export: "xuất Excel",
  backup: "sao lưu",
  restore: "khôi phục",
};
