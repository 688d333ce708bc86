"use client";
// Whether the page is in dark mode right now: canvas charts cannot read Tailwind's dark: variants,
// so they pick their grid and label colours from this. Follows the .dark class on <html> (set by the
// pre-paint script and the theme toggle), so toggling the theme recolours open charts.
import { useSyncExternalStore } from "react";

function subscribe(onChange: () => void): () => void {
  const obs = new MutationObserver(onChange);
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => obs.disconnect();
}

export function useDarkMode(): boolean {
  return useSyncExternalStore(subscribe, () => document.documentElement.classList.contains("dark"), () => false);
}

/** Axis, grid and legend colours for Chart.js, matching the zinc palette of the cards around them. */
export function chartChrome(dark: boolean): { grid: string; tick: string; title: string } {
  return dark
    ? { grid: "rgba(255,255,255,0.08)", tick: "#a1a1aa", title: "#d4d4d8" }
    : { grid: "rgba(0,0,0,0.07)", tick: "#71717a", title: "#52525b" };
}
