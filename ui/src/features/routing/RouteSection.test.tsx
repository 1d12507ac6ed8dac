import { render, screen } from "@testing-library/react";
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import type { FindingId, RouteExplanation } from "../../ipc";
import { rule } from "./fixtures";
import { RouteSection } from "./RouteSection";

describe("routing section of a finding", () => {
  it("names the rule that routes the finding and why the others do not apply", async () => {
    const explanation: RouteExplanation = {
      chosen: rule({ name: "Checkout highs" }),
      explanation: "Routed by rule “Checkout highs” to Jira project SEC: the rule covers application “checkout”.",
      checks: [
        { ruleId: 1, ruleName: "Checkout highs", verdict: "chosen", reason: "covers application “checkout” and matches" },
        { ruleId: 2, ruleName: "Payments group", verdict: "shadowed", reason: "covers group “Payments” and matches, but rule “Checkout highs” comes first" },
        { ruleId: 3, ruleName: "Other app", verdict: "out_of_scope", reason: "it covers other applications" },
      ],
    };
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      asked.push({ cmd, args });
      if (cmd === "explain_finding_route") return explanation;
      throw { code: "unknown_command", message: cmd };
    });
    render(<RouteSection findingId={42 as FindingId} />);
    expect(await screen.findByText(/Routed by rule “Checkout highs” to Jira project SEC/)).toBeTruthy();
    expect(screen.getByText("SEC")).toBeTruthy();
    expect(screen.getByText(/Would match: covers group “Payments”/)).toBeTruthy();
    expect(screen.queryByText("Other app")).toBeNull();
    expect(asked).toEqual([{ cmd: "explain_finding_route", args: { findingId: 42 } }]);
  });
});
