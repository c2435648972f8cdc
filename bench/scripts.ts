/** What a simulated user does next: type a text, or press the button whose label contains `tap`. */
export type Step = { text: string } | { tap: string };

const FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"];
const MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu"];
const MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh"];
const GIVEN = ["An", "Bình", "Cường", "Dũng", "Hoa", "Lan", "Mai", "Nam", "Phúc", "Quyên", "Sơn", "Tâm", "Vinh", "Yến"];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

export function personName(i: number): { name: string; female: boolean } {
  const female = i % 3 === 0;
  return { name: `${pick(FAMILY, i)} ${pick(female ? MIDDLE_F : MIDDLE_M, i >> 2)} ${pick(GIVEN, i >> 4)}`, female };
}

/**
 * Both reports of hamlet number `i`, the way a hamlet official answers on
 * election day: counts and names typed, choices pressed as buttons, "Lưu"
 * pressed at the read-back. Figures vary per hamlet but always make a valid
 * election and a quorate congress (18 updates in all).
 */
export function hamletScript(i: number): Step[] {
  const chief = personName(i * 7 + 3);
  const voters = 200 + ((i * 37) % 700);
  const participants = voters - (i % 40) - 5;
  const votes = participants - (i % 50) - 10;
  const summoned = 12 + (i % 30);
  const attending = summoned - (i % 4);
  const committee = 3 + (i % 3);
  const election: Step[] = [
    { text: "/baucu" },
    { text: `${voters}\n${participants}\n${votes}` },
    { text: `${chief.name}, ${chief.female ? "nữ" : "nam"}, ${1962 + (i % 38)}` },
    { tap: pick(["chính thức", "chính thức", "chính thức", "dự bị"], i) },
    { tap: pick(["Đại học", "Cao đẳng", "Trung học", "Khác"], i >> 1) },
    { tap: pick(["Trung cấp", "Sơ cấp", "Cao cấp", "Chưa có"], i >> 2) },
    { tap: pick(["Tái cử", "Bầu mới"], i >> 3) },
    { tap: "Lưu" },
  ];
  const congress: Step[] = [
    { text: "/daihoi" },
    { text: "hôm nay" },
    { text: `${summoned}\n${attending}` },
    { text: `${chief.name}, ${90 + (i % 10)},5%` },
    { tap: "Có" },
    { tap: "Có" },
    { tap: pick(["Tái cử", "Bầu mới"], i >> 2) },
    { text: i % 5 === 0 ? "không" : personName(i * 11 + 1).name },
    { text: `${committee}\n${i % 2}` },
    { tap: "Lưu" },
  ];
  return [...election, ...congress];
}

/** The bare baseline's dialogue: a command, then ten texts, each echoed. */
export function echoScript(i: number): Step[] {
  return [{ text: "/echo" }, ...Array.from({ length: 10 }, (_, k) => ({ text: `answer ${k + 1} of chat ${i}` }))];
}
