import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../src/cli/index.js";
import type { CliIo } from "../src/cli/io.js";
import { hashInviteCode } from "../src/domain/invite-code.js";

const SMALL = fileURLToPath(new URL("./fixtures/small-province.csv", import.meta.url));
const QUANG_NINH = fileURLToPath(new URL("../data/sample/quang-ninh.csv", import.meta.url));
const POST_2025 = fileURLToPath(new URL("../data/sample/post-2025.csv", import.meta.url));

let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dantin-cli-"));
  env = { DATABASE_PATH: join(dir, "bot.sqlite"), LOG_LEVEL: "silent" };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in-process; returns the exit code and what it printed. */
async function cli(args: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const argv = args.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ""));
  const code = await runCli(argv, { ...env, ...extraEnv }, io);
  return { code, out, err, all: [...out, ...err].join("\n") };
}

/** Reads the database the CLI wrote, on a separate connection. */
function query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(env.DATABASE_PATH!, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const unitCount = () => query<{ n: number }>("select count(*) n from units")[0]!.n;
const levelCounts = () =>
  Object.fromEntries(query<{ level: string; n: number }>("select level, count(*) n from units group by level").map((r) => [r.level, r.n]));
const unit = (code: string) =>
  query<{ id: number; name: string; path: string; parent_id: number | null }>("select id, name, path, parent_id from units where code = ?", code)[0];

function csv(name: string, lines: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${["code,name,type,parent_code", ...lines].join("\n")}\n`);
  return file;
}

describe("units import", () => {
  it("imports the small fixture", async () => {
    const r = await cli(`units import ${SMALL}`);
    expect(r.code).toBe(0);
    expect(r.out.join("\n")).toContain("11");
    expect(levelCounts()).toEqual({ province: 1, district: 2, commune: 3, hamlet: 5 });
    const hamlet = unit("QN-BL-HUCDONG-01")!;
    const commune = unit("QN-BL-HUCDONG")!;
    expect(hamlet.name).toBe("Bản Nà Ếch");
    expect(hamlet.parent_id).toBe(commune.id);
    expect(hamlet.path).toBe(`${commune.path}${hamlet.id}/`);
  });

  it("imports the pre-2025 sample registry (province → district → commune → hamlet)", async () => {
    const r = await cli(`units import ${QUANG_NINH}`);
    expect(r.code, r.all).toBe(0);
    expect(levelCounts()).toEqual({ province: 1, district: 13, commune: 178, hamlet: 1500 });
    expect(unit("QN-BL-HUCDONG")).toMatchObject({ name: "Húc Động" });
    // Every hamlet sits four levels deep.
    expect(query("select code from units where level = 'hamlet' and path not like '/%/%/%/%/'")).toEqual([]);
  }, 30_000);

  it("imports the post-2025 sample registry (no district level) next to the old one", async () => {
    expect((await cli(`units import ${POST_2025}`)).code).toBe(0);
    expect(levelCounts()).toEqual({ province: 1, commune: 6, hamlet: 40 });
    const province = unit("QN25")!;
    const communes = query<{ parent_id: number }>("select parent_id from units where level = 'commune'");
    expect(communes.every((c) => c.parent_id === province.id)).toBe(true);
    // Three ids deep: /province/commune/hamlet/
    expect(query("select code from units where level = 'hamlet' and path not glob '/[0-9]*/[0-9]*/[0-9]*/'")).toEqual([]);
    // Different code prefixes: both registries fit in one database.
    expect((await cli(`units import ${QUANG_NINH}`)).code).toBe(0);
    expect(unitCount()).toBe(47 + 1692);
  }, 30_000);

  const badFiles: [string, string[], number, RegExp][] = [
    ["unknown parent", ["QN-XX-01,Thôn Lạ,thôn,QN-XX"], 3, /QN-XX/],
    ["cycle", ["CY-A,Anh,xã,CY-B", "CY-B,Bê,xã,CY-A"], 3, /vòng lặp/],
    ["duplicate code", ["QN-NEW,Tân Lập,xã,QN-BL", "QN-NEW,Tân Lập 2,xã,QN-BL"], 4, /trùng/],
    ["empty name", ["QN-NEW,Tân Lập,xã,QN-BL", "QN-NEW-01, ,thôn,QN-NEW"], 4, /chưa có tên/],
    ["wrong column count", ["QN-NEW,Tân Lập,xã,QN-BL", "QN-NEW-01,Thôn 1,thôn"], 4, /3 cột/],
  ];

  for (const [what, lines, line, detail] of badFiles) {
    it(`refuses a file with a ${what}: exit 1, names line ${line}, writes nothing`, async () => {
      expect((await cli(`units import ${SMALL}`)).code).toBe(0);
      const before = query("select * from units order by id");
      // Line 2 is a valid rename: it must not be applied either. The bad lines follow.
      const file = csv("bad.csv", ["QN-BL-HUCDONG-02,Thôn Khe Mạ Mới,thôn,QN-BL-HUCDONG", ...lines]);
      const r = await cli(`units import ${file}`);
      expect(r.code).toBe(1);
      expect(r.err.join("\n")).toMatch(new RegExp(`Dòng ${line}\\b`));
      expect(r.err.join("\n")).toMatch(detail);
      expect(r.out).toEqual([]);
      expect(query("select * from units order by id")).toEqual(before);
    });
  }

  it("writes nothing into an empty database either", async () => {
    const r = await cli(`units import ${csv("bad.csv", ["QN,Quảng Ninh,tỉnh,", "QN-01,Thôn 1,thôn,QN-XX"])}`);
    expect(r.code).toBe(1);
    expect(r.err.join("\n")).toContain("Dòng 3");
    expect(unitCount()).toBe(0);
  });

  it("is idempotent, applies renames, and moves a re-parented commune's hamlets", async () => {
    expect((await cli(`units import ${SMALL}`)).code).toBe(0);
    const before = query("select * from units order by id");
    const again = await cli(`units import ${SMALL}`);
    expect(again.code).toBe(0);
    expect(again.out.join("\n")).toMatch(/0 mới, 11 cập nhật/);
    expect(query("select * from units order by id")).toEqual(before);

    const ids = Object.fromEntries(before.map((u: any) => [u.code, u.id]));
    const file = csv("moved.csv", [
      "QN-BL-HUCDONG-02,Thôn Khe Mạ Mới,thôn,QN-BL-HUCDONG", // renamed
      "QN-BL-HUCDONG,Húc Động,xã,QN-CT", // moved from Bình Liêu to Cô Tô
    ]);
    const moved = await cli(`units import ${file}`);
    expect(moved.code, moved.all).toBe(0);
    expect(unitCount()).toBe(11);
    expect(unit("QN-BL-HUCDONG-02")!.name).toBe("Thôn Khe Mạ Mới");
    const coTo = unit("QN-CT")!;
    expect(unit("QN-BL-HUCDONG")).toMatchObject({ parent_id: coTo.id, path: `${coTo.path}${ids["QN-BL-HUCDONG"]}/` });
    for (const h of ["QN-BL-HUCDONG-01", "QN-BL-HUCDONG-02"]) {
      expect(unit(h)!.path).toBe(`${coTo.path}${ids["QN-BL-HUCDONG"]}/${ids[h]}/`);
    }
    // Units outside the moved subtree keep their paths.
    expect(unit("QN-BL-DONGVAN-01")!.path).toBe(before.find((u: any) => u.code === "QN-BL-DONGVAN-01")!.path);
  });
});

describe("term", () => {
  beforeEach(async () => {
    expect((await cli(`units import ${SMALL}`)).code).toBe(0);
  });

  const activeTerms = () => query<{ name: string }>("select name from terms where active = 1").map((t) => t.name);

  it("creates, lists and activates terms; one is active at a time", async () => {
    const first = await cli("term create --name 2022-2025 --election-date 2022-06-05 --congress-deadline 2022-07-03");
    expect(first.code, first.all).toBe(0);
    expect(activeTerms()).toEqual(["2022-2025"]);
    const second = await cli("term create --name 2025-2027 --election-date 2024-12-15 --congress-deadline 2025-01-15");
    expect(second.code).toBe(0);
    expect(activeTerms()).toEqual(["2022-2025"]);
    expect(query("select window_start, window_end from terms where name = '2025-2027'")).toEqual([
      { window_start: "2024-12-15", window_end: "2025-01-15" },
    ]);

    const list = await cli("term list");
    expect(list.code).toBe(0);
    expect(list.out).toHaveLength(2);
    expect(list.out.filter((l) => l.startsWith("*"))).toEqual([expect.stringContaining("2022-2025")]);

    expect((await cli("term activate --name 2025-2027")).code).toBe(0);
    expect(activeTerms()).toEqual(["2025-2027"]);
    expect((await cli("term list")).out.filter((l) => l.startsWith("*"))).toEqual([expect.stringContaining("2025-2027")]);

    const unknown = await cli("term activate --name 1999-2000");
    expect(unknown.code).toBe(1);
    expect(activeTerms()).toEqual(["2025-2027"]);
  });

  for (const [what, args] of [
    ["a malformed date", "--election-date 15/12/2024 --congress-deadline 2025-01-15"],
    ["a month 13", "--election-date 2024-13-01 --congress-deadline 2025-01-15"],
    ["a deadline before the election", "--election-date 2024-12-15 --congress-deadline 2024-12-01"],
    ["a missing date", "--election-date 2024-12-15"],
  ] as const) {
    it(`refuses ${what} with exit 2 and creates nothing`, async () => {
      const r = await cli(`term create --name 2025-2027 ${args}`);
      expect(r.code).toBe(2);
      expect(r.err.join("\n")).toMatch(/--(election-date|congress-deadline)/);
      expect(query("select * from terms")).toEqual([]);
    });
  }

  it("refuses a day that does not exist (30 February)", async () => {
    const r = await cli("term create --name x --election-date 2025-02-30 --congress-deadline 2025-03-30");
    expect(r.code).toBe(2);
    expect(query("select * from terms")).toEqual([]);
  });
});

describe("invite create", () => {
  beforeEach(async () => {
    expect((await cli(`units import ${SMALL}`)).code).toBe(0);
  });
  const withUsername = { BOT_USERNAME: "dantin_test_bot" };
  // Code, Telegram deep link, and what to type on Zalo.
  const LINK = /^([A-Z0-9]{10})  https:\/\/t\.me\/dantin_test_bot\?start=([A-Z0-9]{10})  Zalo: nhắn cho bot mã \1$/;

  it("prints the code and its deep link, and stores only a hash", async () => {
    const r = await cli("invite create --unit QN-BL-HUCDONG-01 --role reporter", withUsername);
    expect(r.code, r.all).toBe(0);
    expect(r.out[0]).toContain("Bản Nà Ếch");
    const m = LINK.exec(r.out[1]!);
    expect(m, r.out[1]).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    const rows = query<{ code_hash: string; role: string; unit_id: number }>("select code_hash, role, unit_id from invites");
    expect(rows).toEqual([{ code_hash: hashInviteCode(m![1]!), role: "reporter", unit_id: unit("QN-BL-HUCDONG-01")!.id }]);
    expect(JSON.stringify(query("select * from invites"))).not.toContain(m![1]);
  });

  it("--count 3 prints three distinct codes", async () => {
    const r = await cli("invite create --unit QN-BL-HUCDONG --role staff --count 3", withUsername);
    expect(r.code).toBe(0);
    const codes = r.out.slice(1).map((l) => LINK.exec(l)?.[1]);
    expect(codes).toHaveLength(3);
    expect(codes.every(Boolean)).toBe(true);
    expect(new Set(codes).size).toBe(3);
    expect(query("select count(*) n from invites where role = 'staff'")).toEqual([{ n: 3 }]);
  });

  it("without a bot username prints bare codes and says how to get links", async () => {
    const r = await cli("invite create --unit QN --role admin");
    expect(r.code).toBe(0);
    expect(r.out[1]).toMatch(/^([A-Z0-9]{10})  Zalo: nhắn cho bot mã \1$/);
    expect(r.err.join("\n")).toContain("BOT_USERNAME");
  });

  it("refuses a reporter invite on a commune", async () => {
    const r = await cli("invite create --unit QN-BL-HUCDONG --role reporter", withUsername);
    expect(r.code).toBe(1);
    expect(r.err.join("\n")).toContain("thôn");
    expect(query("select * from invites")).toEqual([]);
  });

  it("refuses an unknown unit", async () => {
    const r = await cli("invite create --unit QN-NOWHERE --role staff", withUsername);
    expect(r.code).toBe(1);
    expect(r.err.join("\n")).toContain("QN-NOWHERE");
    expect(query("select * from invites")).toEqual([]);
  });

  it("refuses an unknown role with exit 2", async () => {
    const r = await cli("invite create --unit QN --role king", withUsername);
    expect(r.code).toBe(2);
    expect(query("select * from invites")).toEqual([]);
  });
});
