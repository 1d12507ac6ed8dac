import { EmptyState } from "../../app/EmptyState";
import { PageHeader } from "../../app/PageHeader";

export function RoutingPage() {
  return (
    <div className="page">
      <PageHeader title="Routing" subtitle="Which findings become tickets, in which Jira project, with which fields." />
      <EmptyState icon="routing" title="No routing rules yet">
        <p>Rules map applications and groups to a Jira project and issue type. Connect Jira first.</p>
      </EmptyState>
    </div>
  );
}
