"""A content folder of N stories for tests at scale: the shared benchmark
generator (../shared/bench/make-corpus) when it is beside the repository, else
a small built-in generator in the same format."""
import pathlib
import random
import shutil
import subprocess

from helpers import ROOT

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make-corpus"

WORDS = ["乡村振兴", "扎根基层", "群众", "合作社", "村委会", "卫生院", "课堂", "牧区", "红枣", "核桃",
         "滴灌", "大棚", "志愿服务", "民情日记", "致富路", "青春", "戈壁", "绿洲", "孩子们", "老党员"]


def make_corpus(count, target):
    target = pathlib.Path(target)
    if MAKE_CORPUS.exists():
        subprocess.run([str(MAKE_CORPUS), str(count), str(target)], check=True, capture_output=True)
        return target
    rng = random.Random(1)
    sample = ROOT / "Content"
    target.mkdir(parents=True)
    shutil.copy(sample / "site.yml", target / "site.yml")
    (target / "editions").mkdir()
    years = range(2019, 2026)
    for year in years:
        text = (sample / "editions" / "2021.yml").read_text().replace("2021", str(year))
        (target / "editions" / f"{year}.yml").write_text(
            text.replace("quota_per_prefecture: 3", "quota_per_prefecture: 1000").replace("winners: 3", "winners: 1000"))
    prefectures = ["伊犁哈萨克自治州", "喀什地区", "和田地区", "阿克苏地区", "阿勒泰地区"]
    for number in range(count):
        year = years[number % len(years)]
        folder = target / "stories" / str(year) / f"candidate-{number:05d}"
        folder.mkdir(parents=True)
        status = "draft" if number % 10 == 0 else "approved"
        body = "\n\n".join("".join(rng.choice(WORDS) for _ in range(30)) + "。" for _ in range(8))
        folder.joinpath("index.md").write_text(f"""---
title: "示例故事{number:05d}"
name: "示例候选人{number:05d}"
born: 1990-05
university: "新疆大学"
graduated: 2012
prefecture: "{prefectures[number % len(prefectures)]}"
workplace: "某村委会"
grassroots_since: 2012-08
programs: ["西部计划"]
fields: ["乡村振兴"]
status: {status}
date: {year}-08-{number % 28 + 1:02d}
summary: "示例候选人{number:05d}的故事摘要。"
private:
  phone: "139{number:08d}"
---
{body}
""")
    return target
