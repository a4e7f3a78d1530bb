"""Synthetic meeting summaries for benchmarks: many councils, four layouts the parser reads,
each summary about the seed's size (10–15 KB, 30–40 statements, 10–15 attendees).

    python benchmarks/generate.py --meetings 1000 --seed 1 -o /tmp/corpus

The corpus is what a researcher collects: five kinds of council in several prefectures, each
council meeting about four times a year, so that a corpus spans about a decade whatever its
size (more meetings, more prefectures: five up to 1,000 meetings, one more per 200 after).
Each prefecture's councils have initiatives of their own (宮城地域防災計画), as real ones do,
so one initiative is named in a few hundred statements, not in a fifth of the corpus.
Members come from a pool, so people recur across meetings and councils; officials, the
themes statements name, dates and fiscal years vary. The same --seed gives the same files,
byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

FAMILY = ("佐藤 鈴木 高橋 田辺 伊藤 渡辺 中村 小林 加藤 吉田 山田 佐々木 松本 井上 木下 林 斎藤 清水 山崎 森 "
          "池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 福田 "
          "太田 西村 藤井 金子 岡本 藤原 中野 三浦 原田 松田 竹内 小野 田村 中川 野口 久保 荒木 菅原").split()
GIVEN = "太郎 花子 一郎 美香 健 誠 京子 学 修 隆之 礼子 和子 浩一 里美 康夫 直樹 由美 大輔 真理 翔".split()
AFFILIATION = ("千葉大学教授", "東京大学准教授", "株式会社房総ラボ代表取締役", "NPO法人まちの縁側理事長",
               "県商工会議所連合会専務理事", "弁護士", "公認会計士", "地域医療研究所研究員")
COUNCILS = [  # (council, body, units, themes words, initiatives: the prefecture's name goes first)
    ("ICTアドバイザー会議", "県", ("デジタル戦略課", "デジタル推進課", "情報システム課"),
     ("生成AI", "オンライン手続", "DX人材", "広報", "市町村支援", "標準化", "データ"),
     ("DXポータル", "デジタル支援ネットワーク", "DX推進協議会", "行政DXプロジェクト")),
    ("子ども・子育て会議", "市", ("こども政策課", "保育課", "子育て支援課"),
     ("保育", "待機児童", "児童手当", "子育て", "放課後児童", "妊娠"),
     ("保育士確保プラン", "放課後児童対策事業", "子育支援ポータル")),
    ("地域公共交通会議", "市", ("都市交通課", "交通政策課"),
     ("デマンド交通", "路線バス", "運転士", "乗り継ぎ", "公共交通", "高齢者"),
     ("地域公共交通計画", "コミュニティバス再編事業", "デマンド交通実証事業")),
    ("環境審議会", "県", ("環境政策課", "循環型社会推進課"),
     ("温室効果ガス", "脱炭素", "食品ロス", "廃棄物", "リサイクル", "再生可能エネルギー"),
     ("地球温暖化対策実行計画", "食品ロス削減推進計画", "ゼロカーボン推進事業")),
    ("防災会議", "市", ("危機管理課", "防災課"),
     ("避難所", "ハザードマップ", "備蓄", "要配慮者", "土砂災害", "防災行政無線"),
     ("地域防災計画", "個別避難計画", "防災アプリ導入事業")),
]
PLACES = ("本庁舎5階 大会議室", "議会棟3階 第2委員会室", "オンライン", "分庁舎2階 会議室", "市民会館 小ホール")
# Prefectures without 都, 府 or 道 (their councils are 県 or 市 ones); 千葉's initiatives are the
# seed's (千葉DXポータル is an alias of ちばDXポータル in the gazetteer).
PREFECTURES = ("千葉 宮城 静岡 広島 熊本 青森 岩手 秋田 山形 福島 茨城 栃木 群馬 埼玉 神奈川 新潟 富山 石川 "
               "福井 山梨 長野 岐阜 愛知 三重 滋賀 兵庫 奈良 和歌山 鳥取 島根 岡山 山口 徳島 香川 愛媛 高知 "
               "福岡 佐賀 長崎 大分 宮崎 鹿児島 沖縄").split()
MEETINGS_A_PREFECTURE = 200  # a corpus this much larger brings one more prefecture's councils
QUARTER = 91  # days between two meetings of one council


def prefectures_for(meetings: int) -> int:
    """How many prefectures a corpus of ``meetings`` draws on: adding one meeting to a corpus
    must not change the others, so ``generate`` takes this of the first size."""
    return max(5, min(len(PREFECTURES), meetings // MEETINGS_A_PREFECTURE))
OPENERS = ("", "一方で、", "また、", "例えば、", "ただし、", "今後は、", "特に、")
TEMPLATES = (
    "{w1}について、{i1}の実績を踏まえると、{w2}との関係も整理したうえで次の段階に進むべきである。"
    "現場の負担が増えないよう、進め方は関係者と丁寧に話し合ってほしい。",
    "{i1}は{w1}の面で成果が出ているが、利用者の声を数字で把握し、{w2}の改善につなげてほしい。"
    "満足度の調査は毎年同じ項目で行い、経年の変化が分かるようにすべきだ。",
    "{w1}の取組は地域ごとの差が大きい。{i1}を通じて好事例を共有し、{w2}にも生かしていただきたい。"
    "小さな自治体ほど担当者が一人で抱えている実態がある。",
    "{name}委員の指摘のとおり、{w1}は単独の部署では進まない。{i1}と{i2}の連携を強めるべきだ。"
    "部局を越えた会議を定期的に開き、進み具合を確かめてはどうか。",
    "{w1}に関する予算は前年度比で{n}割増えたが、{w2}の担い手が不足している点が課題である。"
    "人材の確保と育成を同時に進める仕組みが要る。",
    "{i1}の周知が十分でない。{w1}に関心のない人にも届くよう、広報の方法を見直してほしい。"
    "SNSだけでなく、紙の案内や窓口での声かけも組み合わせるべきである。",
    "{w1}と{w2}は切り離せない。{i2}の検討会で両方をあわせて議論することを提案したい。"
    "結論を急がず、住民の意見を聞く場も設けてほしい。",
    "国の動向を見ると{w1}の制度が変わる見込みであり、{i1}の計画も{n}年以内に改定が必要になる。"
    "改定の作業は早めに始めるのがよい。",
)
ANSWERS = (
    "御指摘の{w1}については、{i1}の中で来年度に検討する。",
    "{i1}の実績は{n}千件を超えており、{w2}との連携も進めていく。",
    "{name}委員の御意見を踏まえ、{w1}の進め方を関係課と調整する。",
)


class Meeting:
    """One synthetic meeting: who came, who said what."""

    def __init__(self, rng: random.Random, n: int, start: dt.date, prefectures: int):
        self.rng = rng
        councils = len(COUNCILS) * prefectures
        self.kind = COUNCILS[n % len(COUNCILS)]
        pref = PREFECTURES[(n // len(COUNCILS)) % prefectures]
        self.council = f"{pref}{self.kind[1]}{self.kind[0]}"
        self.initiatives = [pref + name for name in self.kind[4]]
        # The councils take turns through a quarter; each meets once a quarter.
        held = n // councils
        self.day = start + dt.timedelta(days=QUARTER * held + (n % councils) * (QUARTER - 1) // councils)
        self.fy = self.day.year if self.day.month >= 4 else self.day.year - 1
        self.session = 1 + held % 4
        k = rng.randint(7, 10)
        self.members = [(f, rng.choice(GIVEN)) for f in rng.sample(FAMILY[:40], k)]
        self.officials = [(rng.choice(FAMILY[40:]), rng.choice(GIVEN), unit, "課長") for unit in self.kind[2]]
        self.affiliations = {m[0]: rng.choice(AFFILIATION) for m in self.members}

    def sentence(self, template: str) -> str:
        r = self.rng
        w = r.sample(self.kind[3], 2)
        i = r.sample(self.initiatives, 2)
        return template.format(w1=w[0], w2=w[1], i1=i[0], i2=i[1], n=r.randint(2, 9),
                               name=r.choice(self.members)[0])

    def discussion(self) -> list[tuple[str, list[str]]]:
        """(speaker, statements) turns: members speak, the secretariat answers."""
        turns, total, target = [], 0, self.rng.randint(30, 40)
        while total < target:
            family = self.rng.choice(self.members)[0]
            said = [self.rng.choice(OPENERS) + self.sentence(self.rng.choice(TEMPLATES))
                    for _ in range(self.rng.randint(2, 4))]
            turns.append((family, said))
            total += len(said)
            if self.rng.random() < 0.4:
                turns.append(("事務局", [self.sentence(self.rng.choice(ANSWERS))]))
                total += 1
        return turns


def _era_year(year: int, reiwa: bool) -> str:
    n = year - (2018 if reiwa else 1988)
    return ("令和" if reiwa else "平成") + ("元" if n == 1 else str(n))


def _era(day: dt.date) -> str:
    return f"{_era_year(day.year, day >= dt.date(2019, 5, 1))}年{day.month}月{day.day}日"


def _fiscal(fy: int) -> str:
    return f"{_era_year(fy, fy >= 2019)}年度"  # the fiscal year begun in April 2019 is 令和元年度


def _weekday(day: dt.date) -> str:
    return "月火水木金土日"[day.weekday()]


def layout_seed(m: Meeting) -> str:
    """The seed's: numbered fields with dashes, 委員： and 県： lists, 【name+role】 turns, ・bullets."""
    chair = m.members[0][0]
    members = "、".join(f"{f}委員" + ("（座長）" if f == chair else "") for f, _ in m.members)
    officials = "、".join(f"{f}{u}{p}" for f, _, u, p in m.officials)
    lines = ["", f"{_fiscal(m.fy)} {m.council} 開催結果（概要）", "",
             f"- 1 日時 {_era(m.day)}（{_weekday(m.day)}）午前10時00分から午前11時45分まで",
             f"- 2 場所 {m.rng.choice(PLACES)}", f"- 3 出席者 委員：{members}", f"{m.kind[1]}：{officials}", "",
             "4 議事概要", "", f"{chair}座長の議事により進行", ""]
    for who, said in m.discussion():
        label = "事務局" if who == "事務局" else f"{who}座長" if who == chair else f"{who}委員"
        lines += [f"【{label}】", ""] + [f"- ・{s}" for s in said] + [""]
    return "\n".join(lines)


def layout_gaiyo(m: Meeting) -> str:
    """A prefecture's 概要: 1 日時 on its own line, （委員）full names with affiliations, ○name."""
    members = "、".join(f"{f} {g}委員" + ("（会長）" if i == 0 else f"（{m.affiliations[f]}）")
                       for i, (f, g) in enumerate(m.members))
    officials = "、".join(f"{f}{u}{p}" for f, _, u, p in m.officials)
    lines = [f"{_fiscal(m.fy)}第{m.session}回 {m.council}の概要", "1 日時",
             f"{_era(m.day)}（{_weekday(m.day)}曜日）午後2時00分～午後4時00分", "2 場所", m.rng.choice(PLACES),
             "3 出席者", f"（委員）{members}", f"（{m.kind[1]}）{officials}", "4 議事", "（1）報告事項について",
             "5 主な意見"]
    chair = m.members[0][0]
    for who, said in m.discussion():
        lines.append("○事務局" if who == "事務局" else f"○{who}会長" if who == chair else f"○{who}委員")
        lines += [f"・{s}" for s in said]
    return "\n".join(lines)


def layout_yoshi(m: Meeting) -> str:
    """A city's 会議録（要旨）: ■ fields, role-first member lines, （name委員） turns."""
    chair = m.members[0]
    others = "、".join(f"{f} {g}" for f, g in m.members[1:])
    lines = [f"{_fiscal(m.fy)} 第{m.session}回{m.council} 会議録（要旨）",
             f"■日時：{_era(m.day)}（{_weekday(m.day)}）10時00分～11時30分", f"■場所：{m.rng.choice(PLACES)}",
             "■出席者：", f"会長　{chair[0]} {chair[1]}", f"委員　{others}",
             f"事務局　{m.officials[0][2]}", "■発言要旨"]
    for who, said in m.discussion():
        lines.append("（事務局）" if who == "事務局" else f"（{who}会長）" if who == chair[0] else f"（{who}委員）")
        lines += [f"{s}\n" for s in said]  # a paragraph each
    return "\n".join(lines)


def layout_kakko(m: Meeting) -> str:
    """議事録要旨 with 【name+role】 turns and a 出席者 line of role-first full names."""
    chair = m.members[0]
    attendees = "、".join([f"会長 {chair[0]} {chair[1]}"] + [f"委員 {f} {g}" for f, g in m.members[1:]])
    lines = [f"{_fiscal(m.fy)}第{m.session}回 {m.council} 議事録要旨",
             f"日時　{_era(m.day)}（{_weekday(m.day)}）15時00分～16時30分", f"場所　{m.rng.choice(PLACES)}",
             f"出席者　{attendees}", f"事務局　{m.officials[0][2]}、{m.officials[-1][2]}", "議題　報告事項"]
    for who, said in m.discussion():
        lines.append("【事務局】" if who == "事務局" else f"【{who}会長】" if who == chair[0] else f"【{who}委員】")
        lines += [f"〇{s}" for s in said]
    return "\n".join(lines)


LAYOUTS = (layout_seed, layout_gaiyo, layout_yoshi, layout_kakko)


def generate(folder: Path, meetings: int, seed: int = 1, start: dt.date = dt.date(2015, 5, 11),
             prefectures: int | None = None) -> list[Path]:
    """``meetings`` summaries in ``folder``; ``prefectures`` defaults to ``prefectures_for(meetings)``
    (give the first corpus's to add meetings to it)."""
    folder.mkdir(parents=True, exist_ok=True)
    prefectures = prefectures or prefectures_for(meetings)
    out = []
    for n in range(meetings):
        rng = random.Random(seed * 1_000_003 + n)  # each file on its own: adding one changes no other
        m = Meeting(rng, n, start, prefectures)
        text = LAYOUTS[n % len(LAYOUTS)](m) + "\n"
        path = folder / f"m{n:05d}.txt"
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--meetings", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args()
    files = generate(args.output, args.meetings, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} summaries in {args.output} ({size / len(files) / 1000:.1f} KB each on average)")


if __name__ == "__main__":
    main()
