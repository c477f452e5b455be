import { test, expect } from "@playwright/test";
import { hydrated, resultCount } from "./helpers";

// Stays in the data-engineering category, which the employer specs running
// beside it do not post to, so the demo data's counts hold.
for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("the count beside a filter option is what choosing it gives", async ({ page }) => {
      await page.goto("/jobs?category=data-engineering");
      if (javaScriptEnabled) await hydrated(page);
      const contract = page.getByLabel("Job type").locator("option[value=contract]");
      const offered = parseInt(((await contract.textContent()) ?? "").replace(/^.*\((\d+)\)$/, "$1"), 10);
      expect(offered).toBeGreaterThan(0);
      if (javaScriptEnabled) {
        await page.getByLabel("Job type").selectOption("contract");
      } else {
        await page.getByLabel("Job type").selectOption("contract");
        await page.getByRole("button", { name: "Search" }).click();
      }
      await expect(page).toHaveURL(/type=contract/);
      await expect.poll(() => resultCount(page)).toBe(offered);
    });

    test("a misspelt word offers the spelling the postings use", async ({ page }) => {
      await page.goto("/jobs?q=rsut");
      if (javaScriptEnabled) await hydrated(page);
      await expect(page.locator(".result-count")).toHaveText("No jobs found");
      const suggestion = page.getByRole("link", { name: "Did you mean “rust”?" });
      await suggestion.click();
      await expect(page).toHaveURL(/\/jobs\?q=rust$/);
      await expect.poll(() => resultCount(page)).toBeGreaterThan(0);
      // Longer words forgive a typo outright.
      await page.goto("/jobs?q=kubernetse");
      await expect.poll(() => resultCount(page)).toBeGreaterThan(0);
    });
  });
}
