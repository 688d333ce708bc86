"use client";
// Re-renders the server component every few seconds (RSC refresh keeps client state; no reload).
import { useEffect } from "react";
import { useRouter } from "next/navigation";

export function AutoRefresh({ everyMs }: { everyMs: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => {
      if (!document.hidden) router.refresh();
    }, everyMs);
    return () => clearInterval(t);
  }, [everyMs, router]);
  return null;
}
