"""The reference for `samspil rc score`: a plain Python csv + dict aggregation of an RC
survey (mean of each tie's answered items), as someone would write it without Samspil."""
import csv
import json
import sys

ITEMS = ["frequent", "timely", "accurate", "problem_solving", "shared_goals", "shared_knowledge", "mutual_respect"]

def main(path):
    sums = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        for row in reader:
            key = (row["group"].strip(), row["target"].strip())
            total = sums.get(key)
            if total is None:
                total = sums[key] = [0, 0]
            for item in ITEMS:
                value = row[item]
                if value:
                    total[0] += int(value)
                    total[1] += 1
    scores = {f"{g}->{t}": round(s / n, 2) for (g, t), (s, n) in sums.items() if n}
    json.dump({"ties": len(scores), "scores": scores}, sys.stdout)

if __name__ == "__main__":
    main(sys.argv[1])
