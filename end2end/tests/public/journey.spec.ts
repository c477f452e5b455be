import { test, expect } from "@playwright/test";
import { hydrated, resultCount } from "./helpers";

// Home → search → filter → open a job, as a job seeker does it, hydrated.
test("a seeker searches, filters and opens a job", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Featured jobs" })).toBeVisible();

  await page.getByLabel("Search jobs").fill("engineer");
  await page.getByLabel("Search jobs").press("Enter");
  await expect(page).toHaveURL(/\/jobs\?q=engineer/);
  await hydrated(page);
  const all = await resultCount(page);
  expect(all).toBeGreaterThan(0);

  await page.getByLabel("Category").selectOption("backend");
  await expect(page).toHaveURL(/category=backend/);
  await expect.poll(() => resultCount(page)).toBeLessThan(all);
  const backend = await resultCount(page);
  expect(backend).toBeGreaterThan(0);

  await page.getByLabel("Level").selectOption("senior");
  await expect(page).toHaveURL(/level=senior/);
  await expect.poll(() => resultCount(page)).toBeLessThanOrEqual(backend);
  // Every card on the page is a senior one once the results have followed.
  const levels = page.locator(".job-card .job-facts li:nth-child(2)");
  await expect.poll(async () => (await levels.allTextContents()).every((l) => l === "Senior")).toBe(true);

  const first = page.locator(".job-card .job-title a").first();
  const title = (await first.textContent())!.trim();
  await first.click();
  await expect(page).toHaveURL(/\/jobs\/[a-z0-9-]+-\d+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator(".job-summary .salary")).toBeVisible();
  await expect(page.locator(".job-summary")).toContainText("Senior");
  await expect(page.locator("a.apply")).toBeVisible();
});

test("a job card shows salary, level, region and stack at a glance", async ({ page }) => {
  await page.goto("/jobs");
  const card = page.locator(".job-card").first();
  await expect(card.locator(".salary")).toHaveText(/\d/);
  await expect(card.locator(".where")).not.toBeEmpty();
  await expect(card.locator(".stacks .tag").first()).toBeVisible();
});

test("an unknown page is a designed 404", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Browse open remote jobs" }).click();
  await expect(page).toHaveURL(/\/jobs$/);
});
