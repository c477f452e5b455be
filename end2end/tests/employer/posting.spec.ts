import { test, expect, type Page } from "@playwright/test";
import { setUpProfile, signUp, uniqueEmail } from "./helpers";

/** Fills the posting form; `salaryMax` lets a test start with a bad range. */
async function fillPosting(page: Page, title: string, salaryMax: string) {
  await page.getByLabel("Job title").fill(title);
  await page.getByLabel("Category").selectOption("backend");
  await page.getByLabel("Level").selectOption("senior");
  await page.getByLabel("Job type").selectOption("full-time");
  await page.getByLabel("Minimum").fill("130000");
  await page.getByLabel("Maximum").fill(salaryMax);
  await page.getByLabel("Currency").selectOption("USD");
  await page.getByLabel("Per").selectOption("year");
  await page.getByRole("checkbox", { name: "Rust", exact: true }).check();
  await page.getByRole("checkbox", { name: "Worldwide", exact: true }).check();
  await page
    .getByLabel("Description (Markdown)")
    .fill("## The role\n\nBuild and run the queue that every order in the company flows through.");
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("an employer sets up the company, writes, previews, submits and closes a posting", async ({ page }) => {
      const title = `Queue Engineer ${javaScriptEnabled ? "JS" : "Plain"} ${Date.now()}`;
      await signUp(page, uniqueEmail("poster"), "Quay Systems");
      await setUpProfile(page);
      await page.getByRole("link", { name: "← Dashboard" }).click();
      await page.getByRole("link", { name: "New posting" }).click();
      await expect(page).toHaveURL(/\/dashboard\/jobs\/new$/);

      // A range whose maximum is below its minimum is refused with a message.
      await fillPosting(page, title, "90000");
      await page.getByRole("button", { name: "Save draft" }).click();
      await expect(page.getByText("The maximum must be at least the minimum.")).toBeVisible();
      // With or without JavaScript, the form kept what was typed: fix the one field.
      await expect(page.getByLabel("Job title")).toHaveValue(title);
      await expect(page.getByRole("checkbox", { name: "Rust", exact: true })).toBeChecked();
      await page.getByLabel("Maximum").fill("160000");
      if (javaScriptEnabled) {
        // The live preview (the job page's own component) follows the form.
        const preview = page.locator(".preview");
        await expect(preview.getByRole("heading", { level: 1 })).toHaveText(title);
        await expect(preview.locator(".salary")).toHaveText("$130k – $160k a year");
        await expect(preview.getByRole("heading", { name: "The role" })).toBeVisible();
      }
      await page.getByRole("button", { name: "Save draft" }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
      const row = page.getByRole("row", { name: new RegExp(title) });
      await expect(row).toContainText("draft");

      // The saved draft previews as its job page, with or without JavaScript.
      await row.getByRole("link", { name: "Preview" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page.locator(".salary")).toHaveText("$130k – $160k a year");
      await page.getByRole("link", { name: "← Dashboard" }).click();

      await page.getByRole("row", { name: new RegExp(title) }).getByRole("button", { name: /^Submit posting/ }).click();
      await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("published");

      await page.goto(`/jobs?q=${encodeURIComponent(title)}`);
      await expect(page.locator(".job-card", { hasText: title })).toBeVisible();
      await expect(page.locator(".job-card", { hasText: title }).locator(".salary")).toHaveText("$130k – $160k a year");

      await page.goto("/dashboard");
      await page.getByRole("row", { name: new RegExp(title) }).getByRole("button", { name: /^Close posting/ }).click();
      await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("closed");
      await page.goto(`/jobs?q=${encodeURIComponent(title)}`);
      await expect(page.locator(".job-card", { hasText: title })).toHaveCount(0);
    });
  });
}
