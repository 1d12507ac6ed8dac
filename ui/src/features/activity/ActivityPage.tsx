import { EmptyState } from "../../app/EmptyState";
import { PageHeader } from "../../app/PageHeader";

export function ActivityPage() {
  return (
    <div className="page">
      <PageHeader title="Activity" subtitle="Every Jira operation and every change pulled back from Jira." />
      <EmptyState icon="activity" title="Nothing has happened yet">
        <p>Ticket creations, status changes and comments will be listed here, newest first.</p>
      </EmptyState>
    </div>
  );
}
