import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { currentUser } from "@/server/trpc/server-caller";
import { CurrentUserProvider } from "./_components/auth/CurrentUser";
import { UserMenu } from "./_components/auth/UserMenu";
import { Providers } from "./_trpc/Providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runlog", template: "%s · Runlog" },
  description: "Run an incident from its runbook: guided steps, live terminals, a timeline.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <header className="border-b border-zinc-800 bg-zinc-900/80">
          <nav className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2" aria-label="Main">
            <Link href="/" className="text-lg font-semibold tracking-tight text-amber-400">
              Runlog
            </Link>
            <Link href="/" className="text-sm text-zinc-300 hover:text-white">
              Runbooks
            </Link>
            <Link href="/help" className="text-sm text-zinc-300 hover:text-white">
              Help
            </Link>
            <CurrentUserProvider user={user}>
              <UserMenu />
            </CurrentUserProvider>
          </nav>
        </header>
        <Providers>
          <CurrentUserProvider user={user}>
            <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
          </CurrentUserProvider>
        </Providers>
      </body>
    </html>
  );
}
