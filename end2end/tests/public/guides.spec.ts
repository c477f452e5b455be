import { test, expect } from "@playwright/test";
import { hydrated } from "./helpers";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a reader goes from home to a guide, its FAQ, a related job and the landing page", async ({ page }) => {
      await page.goto("/");
      if (javaScriptEnabled) await hydrated(page);
      const guides = page.locator("section", { has: page.getByRole("heading", { name: "Guides", exact: true }) });
      await expect(guides.locator(".guide-card")).toHaveCount(3);
      await guides.getByRole("link", { name: "All guides" }).click();
      await expect(page).toHaveURL(/\/guides$/);
      await page.locator(".guide-list").getByRole("link", { name: /remote backend developer/i }).click();
      await expect(page).toHaveURL(/\/guides\/remote-backend-developer$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(/remote backend developer/i);
      await expect(page.getByRole("navigation", { name: "Contents" })).toBeVisible();

      // The FAQ is a native disclosure: it opens with or without JavaScript.
      const question = page.locator(".faq details").first();
      await expect(question).not.toHaveAttribute("open");
      await question.locator("summary").click();
      await expect(question).toHaveAttribute("open");
      await expect(question.locator("div")).toBeVisible();

      const jobs = page.locator("section", { has: page.locator("#guide-jobs") });
      const firstJob = jobs.locator(".job-card .job-title a").first();
      const title = (await firstJob.textContent())?.trim() ?? "";
      expect(title.length).toBeGreaterThan(0);
      await firstJob.click();
      await expect(page).toHaveURL(/\/jobs\/[a-z0-9-]+-\d+$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page.locator(".job-summary .salary")).toBeVisible();

      await page.goBack();
      await expect(page).toHaveURL(/\/guides\/remote-backend-developer$/);
      await page.getByRole("link", { name: "All remote backend developer jobs" }).click();
      await expect(page).toHaveURL(/\/remote-backend-developer-jobs$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Remote backend developer jobs");
      expect(await page.locator(".job-card").count()).toBeGreaterThan(0);
      await expect(page.getByRole("complementary", { name: /Salaries/ })).toBeVisible();
    });
  });
}
