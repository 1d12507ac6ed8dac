import type { ReactNode } from "react";
import { Icon, type IconName } from "./icons";

export function EmptyState({ icon, title, children }: { icon: IconName; title: string; children: ReactNode }) {
  return (
    <section className="empty">
      <Icon name={icon} />
      <h2>{title}</h2>
      <div>{children}</div>
    </section>
  );
}
