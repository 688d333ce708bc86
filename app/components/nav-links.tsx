"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export const NAV_ITEMS = [
  { href: "/", label: "Runs" },
  { href: "/presets", label: "Presets" },
  { href: "/hosts", label: "Hosts" },
  { href: "/queue", label: "Queue" },
  { href: "/compare", label: "Compare" },
  { href: "/sweeps", label: "Sweeps" },
  { href: "/backtest", label: "Backtest" },
  { href: "/audit", label: "Audit" },
  { href: "/api-docs", label: "API" },
  { href: "/settings", label: "Settings" },
] as const;
const ADMIN_ITEMS = [{ href: "/admin/users", label: "Users" }] as const;

function isActive(pathname: string, href: string): boolean {
  if (href === "/") return pathname === "/" || pathname.startsWith("/runs");
  return pathname === href || pathname.startsWith(`${href}/`);
}

export function NavLinks({ isAdmin = false }: { isAdmin?: boolean }) {
  const pathname = usePathname();
  const items = isAdmin ? [...NAV_ITEMS, ...ADMIN_ITEMS] : NAV_ITEMS;
  return (
    <nav aria-label="Main" className="flex min-w-0 items-center gap-0.5">
      {items.map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`whitespace-nowrap rounded-md px-2 py-1 text-sm transition-colors xl:px-2.5 ${
              active
                ? "bg-zinc-100 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50"
                : "text-zinc-500 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            }`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
