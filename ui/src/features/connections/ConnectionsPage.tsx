import { EmptyState } from "../../app/EmptyState";
import { PageHeader } from "../../app/PageHeader";

export function ConnectionsPage() {
  return (
    <div className="page">
      <PageHeader title="Connections" subtitle="The Jira sites and servers Vulnbridge talks to." />
      <EmptyState icon="connections" title="No Jira connection yet">
        <p>Jira Cloud and Data Center are supported side by side. Credentials are kept in your system keyring.</p>
      </EmptyState>
    </div>
  );
}
