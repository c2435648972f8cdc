/** When a typed unit name fits several units in the asker's scope: the bot asks back, never picks one. */
export const unitChoiceMsg = {
  several: (typed: string, lines: readonly string[], command: string) =>
    `Có ${lines.length} đơn vị khớp với "${typed}":\n${lines.join("\n")}\n\nVui lòng gõ lại với tên đầy đủ, ví dụ: /${command} ${lines[0]!.replace(/^\d+\. /, "").split(",")[0]}`,
  pick: (typed: string) => `Có nhiều đơn vị khớp với "${typed}". Chọn một (gõ số):`,
};
