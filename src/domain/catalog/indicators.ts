/**
 * Vietnamese labels and line templates of the figures leadership reads
 * (src/domain/indicators.ts). One place for the wording.
 */
export const indicatorLabel = {
  secretaryIsChief: "Bí thư đồng thời là trưởng thôn",
  newSecretary: "Bí thư bầu mới",
  reelectedSecretary: "Bí thư tái cử",
  chiefUniversity: "Trưởng thôn có trình độ đại học trở lên",
  chiefCollegeVocational: "Trưởng thôn có trình độ cao đẳng, trung cấp, nghề",
  chiefTheoryIntermediatePlus: "Trưởng thôn có trình độ lý luận chính trị trung cấp trở lên",
  chiefUnder40: "Trưởng thôn dưới 40 tuổi",
  chiefWomen: "Trưởng thôn là nữ",
  womenOnCommittees: "Nữ trong chi ủy",
  averageTurnout: "Tỷ lệ cử tri đi bầu bình quân",
  secretaryVoteShare: "Tỷ lệ phiếu bầu bí thư thấp nhất / cao nhất",
  chiefVoteShare: "Tỷ lệ phiếu bầu trưởng thôn thấp nhất / cao nhất",
} as const;

export type IndicatorKey = keyof typeof indicatorLabel;

/** Values arrive already formatted ("97,9%", "1.421"). */
export const indicatorMsg = {
  ratio: (label: string, percent: string, numerator: string, denominator: string) => `${label}: ${percent} (${numerator}/${denominator})`,
  mean: (label: string, percent: string, reports: string) => `${label}: ${percent} (${reports} thôn)`,
  range: (label: string, min: string, max: string) => `${label}: ${min} / ${max}`,
  missing: (label: string) => `${label}: chưa có số liệu`,
} as const;
