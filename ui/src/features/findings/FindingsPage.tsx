import { EmptyState } from "../../app/EmptyState";
import { PageHeader } from "../../app/PageHeader";

export function FindingsPage() {
  return (
    <div className="page">
      <PageHeader title="Findings" subtitle="Everything your scanners found, across applications." />
      <EmptyState icon="findings" title="No findings yet">
        <p>Import a scan (SARIF, Trivy, Grype, ZAP and more) and its findings appear here, ready to triage.</p>
      </EmptyState>
    </div>
  );
}
