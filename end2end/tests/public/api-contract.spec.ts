import { test, expect } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

// The JSON API against its own OpenAPI document: Schemathesis generates
// requests from every parameter's schema (valid ones and invalid ones) and
// checks each answer's status, content type and body against the document.
test("the API answers as its OpenAPI document says", async () => {
  test.setTimeout(240_000);
  const base = process.env.FARCODER_E2E_URL ?? "http://127.0.0.1:3000";
  const config = join(__dirname, "..", "..", "api", "schemathesis.toml");
  const run = spawnSync(
    "python3",
    ["-m", "schemathesis.cli", "--config-file", config, "run", `${base}/api/v1/openapi.json`, "--url", base,
      "--max-examples", "100", "--seed", "1"],
    { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
  );
  const printed = `${run.stdout}\n${run.stderr}`;
  expect(run.error, printed).toBeUndefined();
  expect(printed, "Schemathesis ran every operation").toMatch(/Tested: 2/);
  expect(run.status, printed).toBe(0);
});
