import type { Metadata } from "next";
import type { ReactNode } from "react";
import { headers } from "next/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Factory Floor", template: "%s · Factory Floor" },
  description: "LLaMA-Factory fine-tuning runs on your GPU hosts",
};

// Runs before first paint so a dark-mode user never sees a white flash. Kept tiny and inline.
const THEME_SCRIPT = `(function(){try{var t=localStorage.getItem("ff-theme");var d=t==="dark"||(t!=="light"&&matchMedia("(prefers-color-scheme: dark)").matches);document.documentElement.classList.toggle("dark",d);}catch(e){}})();`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP (proxy.ts) allows inline scripts only with this request's nonce.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen font-sans text-sm">{children}</body>
    </html>
  );
}
