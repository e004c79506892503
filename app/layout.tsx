import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { GeistSans } from "geist/font/sans";
import { GeistMono } from "geist/font/mono";
import { nonceOf } from "@/lib/http/security-headers";
import { ZodJitless } from "@/components/ui/zod-jitless";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Checkpoint", template: "%s · Checkpoint" },
  description: "Identity verification back office",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Applies the saved theme before paint (dark mode follows the system unless chosen).
const themeScript = `try{var t=localStorage.getItem('theme');var d=t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches;document.documentElement.classList.toggle('dark',d)}catch(e){}`;

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The response's script nonce (server.ts): every page is rendered per request, so Next puts it on its scripts too.
  const nonce = nonceOf((await headers()).get("content-security-policy"));
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`} suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: themeScript }} />
      </head>
      <body className="min-h-dvh font-sans">
        <ZodJitless />
        {children}
      </body>
    </html>
  );
}
