import { test, expect } from "@playwright/test";
import { resultCount } from "./helpers";

// The same journey with JavaScript off: plain GET forms and links.
test.use({ javaScriptEnabled: false });

test("without JavaScript a seeker searches, filters and opens a job", async ({ page }) => {
  await page.goto("/");
  await page.getByLabel("Search jobs").fill("engineer");
  await page.getByRole("button", { name: "Search jobs" }).click();
  await expect(page).toHaveURL(/\/jobs\?q=engineer/);
  const all = await resultCount(page);
  expect(all).toBeGreaterThan(0);

  await page.getByLabel("Category").selectOption("backend");
  await page.getByRole("checkbox", { name: /^Go( \(\d+\))?$/ }).check();
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/category=backend/);
  await expect(page).toHaveURL(/stack=go/);
  expect(await resultCount(page)).toBeLessThan(all);
  await expect(page.getByLabel("Category", { exact: true })).toHaveValue("backend");

  const first = page.locator(".job-card .job-title a").first();
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator(".job-summary .salary")).toBeVisible();
});

test("without JavaScript pagination is plain links", async ({ page }) => {
  await page.goto("/jobs");
  await expect(page.locator(".pagination")).toContainText("Page 1 of");
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.locator(".pagination")).toContainText("Page 2 of");
});
