import { test } from "node:test";
import assert from "node:assert/strict";
import { formatAgo, formatDuration, formatMetric, formatMiB } from "@/lib/format/format-time";

test("durations are compact and zero-padded", () => {
  assert.equal(formatDuration(0), "0s");
  assert.equal(formatDuration(42_900), "42s");
  assert.equal(formatDuration(185_000), "3m 05s");
  assert.equal(formatDuration(2 * 3600_000 + 4 * 60_000), "2h 04m");
  assert.equal(formatDuration(3 * 86_400_000 + 4 * 3600_000), "3d 4h");
  assert.equal(formatDuration(-1), "—");
  assert.equal(formatDuration(NaN), "—");
});

test("ago text", () => {
  const now = Date.parse("2030-01-01T12:00:00Z");
  assert.equal(formatAgo(null, now), "never");
  assert.equal(formatAgo(new Date(now - 3000), now), "just now");
  assert.equal(formatAgo(new Date(now + 60_000), now), "just now");
  assert.equal(formatAgo(new Date(now - 45_000), now), "45 s ago");
  assert.equal(formatAgo(new Date(now - 5 * 60_000), now), "5 min ago");
  assert.equal(formatAgo("2030-01-01T09:00:00Z", now), "3 h ago");
  assert.equal(formatAgo(new Date(now - 2 * 86_400_000), now), "2 d ago");
});

test("metrics keep non-finite values visible", () => {
  assert.equal(formatMetric(NaN), "NaN");
  assert.equal(formatMetric(Infinity), "+Inf");
  assert.equal(formatMetric(-Infinity), "-Inf");
  assert.equal(formatMetric(null), "—");
  assert.equal(formatMetric(1.234567), "1.235");
  assert.equal(formatMetric(0), "0");
  assert.equal(formatMetric(5e-5), "5.00e-5");
  assert.equal(formatMetric(123456), "1.23e+5");
});

test("memory sizes", () => {
  assert.equal(formatMiB(512), "512 MiB");
  assert.equal(formatMiB(1536), "1.5 GiB");
  assert.equal(formatMiB(24576), "24 GiB");
});

test("one absolute date format: ISO date, 24 h time to the second, UTC", async () => {
  const { formatDateTime, formatTimeOfDay } = await import("@/lib/format/format-time");
  assert.equal(formatDateTime(new Date("2026-12-03T08:12:05.678Z")), "2026-12-03 08:12:05 UTC");
  assert.equal(formatDateTime("2026-01-02T03:04:05Z"), "2026-01-02 03:04:05 UTC");
  assert.equal(formatDateTime(null), "—");
  assert.equal(formatDateTime("not a date"), "—");
  assert.equal(formatTimeOfDay("2026-12-03T08:12:05Z"), "08:12:05 UTC");
});
