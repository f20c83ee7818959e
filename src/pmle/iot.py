"""A seeded IoT sensor stream with injected drift and faults (`datasets/iot_sensors.csv`).

Signal: 12 machines on 3 sites report every 10 minutes for 10 days: temperature (a daily
cycle plus a device offset), humidity, vibration and power draw. Machines fail now and
then (about once per 8 machine-days); in the 12 hours before a failure vibration and
temperature climb, and `failure_within_12h` labels those readings.

Injected, documented problems (what the monitoring and pipeline lessons must catch):
- drift: from day 6 the `south` site runs 3 degC hotter and 8 points more humid (a new
  heat source), a gradual covariate shift;
- a silently broken feature: from day 8 the `east` devices report vibration in in/s
  instead of mm/s (a firmware update), i.e. values divided by 25.4;
- point faults, marked in the `fault` column: `spike` (a reading x5), `stuck` (one sensor
  repeats its last value for 6 hours), `dropout` (a reading missing), `duplicate` (a
  message delivered twice), `late` (arrives 5 to 90 minutes after its event time).
Rows are in arrival order, as a subscriber would receive them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

START = pd.Timestamp("2026-01-05T00:00:00Z")
SITES = ("north", "south", "east")


def iot_stream(seed: int = 7, devices: int = 12, days: int = 10, every_minutes: int = 10,
               drift_day: float = 6.0, firmware_day: float = 8.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    steps = days * 24 * 60 // every_minutes
    minutes = np.arange(steps) * every_minutes
    t = START + pd.to_timedelta(minutes, unit="min")
    hours = minutes / 60.0
    frames = []
    for d in range(devices):
        site = SITES[d % len(SITES)]
        # failures: Poisson process, about one per 8 machine-days
        n_fail = rng.poisson(days / 8)
        fail_h = np.sort(rng.uniform(12, days * 24, n_fail))
        until = np.full(steps, np.inf)
        for f in fail_h:
            ahead = f - hours
            sel = (ahead >= 0) & (ahead < until)
            until[sel] = ahead[sel]
        pre = np.clip(1 - until / 12.0, 0, 1)  # 0 .. 1 in the 12 h before a failure
        temp = (21 + rng.normal(0, 1.0) + 4 * np.sin(2 * np.pi * (hours - 9) / 24)
                + 6 * pre**2 + rng.normal(0, 0.35, steps))
        hum = 45 + 8 * np.cos(2 * np.pi * hours / 24) + rng.normal(0, 2.0, steps)
        vib = 2.0 + rng.gamma(2.0, 0.25, steps) + 5 * pre**2
        power = 3.0 + 0.08 * (temp - 21) + 0.3 * vib + rng.normal(0, 0.1, steps)
        if site == "south":
            drift = hours >= drift_day * 24
            temp = temp + 3.0 * drift
            hum = hum + 8.0 * drift
        if site == "east":
            vib = np.where(hours >= firmware_day * 24, vib / 25.4, vib)
        frames.append(pd.DataFrame({
            "event_time": t, "device_id": f"dev-{d:02d}", "site": site,
            "temperature_c": temp, "humidity_pct": hum, "vibration_mm_s": vib,
            "power_kw": power, "failure_within_12h": (until <= 12).astype(int),
            "fault": "none",
        }))
    df = pd.concat(frames, ignore_index=True)
    n = len(df)
    sensors = ["temperature_c", "humidity_pct", "vibration_mm_s", "power_kw"]
    # spikes and dropouts on random readings
    spikes = rng.choice(n, size=n // 300, replace=False)
    col = rng.choice(sensors, size=len(spikes))
    for i, c in zip(spikes, col, strict=True):
        df.loc[i, c] *= 5
    df.loc[spikes, "fault"] = "spike"
    free = np.flatnonzero(df["fault"].eq("none").to_numpy())
    drops = rng.choice(free, size=n // 100, replace=False)
    for i, c in zip(drops, rng.choice(sensors, size=len(drops)), strict=True):
        df.loc[i, c] = np.nan
    df.loc[drops, "fault"] = "dropout"
    # one stuck temperature sensor: dev-03 on day 3, 6 hours
    stuck = df.index[(df.device_id == "dev-03") & (df.event_time >= START + pd.Timedelta("3D"))
                     & (df.event_time < START + pd.Timedelta("3D6h"))]
    df.loc[stuck, "temperature_c"] = df.loc[stuck[0], "temperature_c"]
    df.loc[stuck, "fault"] = "stuck"
    # network: arrival delay of a few seconds; some messages late
    delay = pd.to_timedelta(rng.exponential(4.0, n).round(3), unit="s")
    free = np.flatnonzero(df["fault"].eq("none").to_numpy())
    late = rng.choice(free, size=n // 50, replace=False)
    delay = delay.to_numpy().copy()
    delay[late] = pd.to_timedelta(rng.uniform(5, 90, len(late)).round(1), unit="min").to_numpy()
    df["arrival_time"] = df["event_time"] + pd.to_timedelta(delay)
    df.loc[late, "fault"] = "late"
    # duplicates: the same message delivered again a little later
    free = np.flatnonzero(df["fault"].eq("none").to_numpy())
    dup_idx = rng.choice(free, size=n // 200, replace=False)
    dups = df.loc[dup_idx].copy()
    dups["arrival_time"] += pd.to_timedelta(rng.uniform(1, 30, len(dups)).round(3), unit="s")
    dups["fault"] = "duplicate"
    df = pd.concat([df, dups], ignore_index=True)
    df = df.sort_values(["arrival_time", "device_id"], kind="stable").reset_index(drop=True)
    for c in sensors:
        df[c] = df[c].round(3)
    cols = ["event_time", "arrival_time", "device_id", "site", *sensors,
            "failure_within_12h", "fault"]
    return df[cols]


def read_times(df: pd.DataFrame) -> pd.DataFrame:
    """Parse the CSV's ISO timestamps back to UTC datetimes."""
    out = df.copy()
    for c in ("event_time", "arrival_time"):
        out[c] = pd.to_datetime(out[c], utc=True, format="ISO8601")
    return out
