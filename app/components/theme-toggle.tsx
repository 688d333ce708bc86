"use client";
// Cycles system → light → dark; the choice lives in localStorage and is applied by the
// pre-paint script in app/layout.tsx on the next load.
import { useEffect, useState } from "react";

type TTheme = "system" | "light" | "dark";
const NEXT: Record<TTheme, TTheme> = { system: "light", light: "dark", dark: "system" };

function apply(t: TTheme) {
  const dark = t === "dark" || (t === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

export function ThemeToggle() {
  const [theme, setTheme] = useState<TTheme>("system");
  useEffect(() => {
    const saved = localStorage.getItem("ff-theme");
    if (saved === "light" || saved === "dark") setTheme(saved);
  }, []);
  const cycle = () => {
    const t = NEXT[theme];
    setTheme(t);
    if (t === "system") localStorage.removeItem("ff-theme");
    else localStorage.setItem("ff-theme", t);
    apply(t);
  };
  return (
    <button
      type="button"
      onClick={cycle}
      title={`Theme: ${theme} (click to change)`}
      aria-label={`Theme: ${theme}`}
      className="inline-flex h-7 items-center gap-1 rounded-md px-2 text-xs text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
    >
      <svg viewBox="0 0 16 16" className="size-3.5" fill="currentColor" aria-hidden>
        {theme === "dark" ? (
          <path d="M6 1a6.5 6.5 0 1 0 8.9 8.2A5.5 5.5 0 0 1 6 1Z" />
        ) : theme === "light" ? (
          <path d="M8 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm0-11 .8 2.5H7.2L8 0Zm0 16-.8-2.5h1.6L8 16ZM0 8l2.5-.8v1.6L0 8Zm16 0-2.5.8V7.2L16 8Z" />
        ) : (
          <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm0 1.5v11a5.5 5.5 0 0 1 0-11Z" />
        )}
      </svg>
      <span className="hidden capitalize xl:inline">{theme}</span>
    </button>
  );
}
