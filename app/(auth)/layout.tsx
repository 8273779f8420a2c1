import type { ReactNode } from "react";
import { LogoIcon } from "@/components/icons";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-shell">
      <header className="auth-brand">
        <LogoIcon />
        <span>Evo-TODO</span>
      </header>
      <main className="auth-card">{children}</main>
      <p className="auth-footnote">Your tasks, private to you, on every device.</p>
    </div>
  );
}
