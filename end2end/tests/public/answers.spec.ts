import { test, expect, type Page } from "@playwright/test";
import { hydrated, resultCount } from "./helpers";

// What a remote developer asks of a posting (core hours against their own
// working day, how they would be hired, the hiring process), saved jobs
// without an account, and the widget a company frames on its own site.
// Read-only on the demo data, but for the visitor's own saved list.

/** The first card's title on the page, and its Save form. */
async function firstCard(page: Page) {
  const card = page.locator("article.job-card").first();
  const title = ((await card.locator(".job-title").textContent()) ?? "").trim();
  return { card, title };
}

test.describe("with JavaScript", () => {
  test.use({ timezoneId: "Asia/Kolkata" });

  test("the browser's time zone is named, and choosing a zone keeps the jobs a working day can give", async ({ page }) => {
    await page.goto("/jobs");
    await hydrated(page);
    // Named, not chosen: choosing a zone narrows the results.
    await expect(page.locator("#tz")).toHaveValue("");
    await expect(page.locator("#tz option[value='+05:30']")).toHaveText("+05:30 (your time zone)");
    const all = await resultCount(page);
    // A seeker on the US west coast (whatever the browser says) picks theirs.
    await page.locator("#tz").selectOption("-08:00");
    await expect(page).toHaveURL(/tz=-08%3A00/);
    await expect.poll(() => resultCount(page)).toBeLessThan(all);
    const zoned = await resultCount(page);
    await expect(page.getByRole("link", { name: "Remove the filter Fits 09:00–17:00 at UTC-08:00" })).toBeVisible();
    // Giving fewer hours keeps fewer jobs.
    await page.getByLabel("Most hours a day you can give to a team’s core hours").selectOption("2");
    await expect(page).toHaveURL(/overlap=2/);
    await expect.poll(() => resultCount(page)).toBeLessThan(zoned);
    // Each option says what choosing it gives, for this zone; the list still names the zone.
    const option = page.getByLabel("Most hours a day you can give to a team’s core hours").locator("option[value='8']");
    await expect(option).toHaveText(/8 hours \(\d+\)/);
    await expect(page.locator("#tz option[value='+05:30']")).toHaveText("+05:30 (your time zone)");
    // Core hours are also said in the visitor's own time.
    await expect(page.locator(".core-hours .local-time").first()).toHaveText(/^ \(\d\d:\d\d–\d\d:\d\d your time\)$/);
  });

  test("a job is saved in place, listed on /saved and removed there", async ({ page }) => {
    await page.goto("/jobs?hire=contractor");
    await hydrated(page);
    const { card, title } = await firstCard(page);
    await card.getByRole("button", { name: /^Save/ }).click();
    await expect(card.getByRole("button", { name: /^Saved ✓/ })).toBeVisible();
    await expect(page).toHaveURL(/\/jobs\?hire=contractor$/);
    await page.goto("/saved");
    await expect(page.getByRole("heading", { name: "Saved jobs" })).toBeVisible();
    await expect(page.getByRole("link", { name: title })).toBeVisible();
    await page.getByRole("button", { name: new RegExp(`^Remove`) }).first().click();
    await expect(page.getByText("Nothing saved yet")).toBeVisible();
  });
});

test.describe("with JavaScript, away from the search", () => {
  test("Save works in place on a job page and on the home page, and says so everywhere", async ({ page }) => {
    await page.goto("/jobs?hire=employee");
    const { card, title } = await firstCard(page);
    await card.locator(".job-title a").click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    const here = page.url();
    const save = page.locator(".job-actions").getByRole("button", { name: /^Save/ });
    await save.click();
    await expect(page.locator(".job-actions").getByRole("button", { name: /^Saved ✓/ })).toBeVisible();
    await expect(page).toHaveURL(here);
    // A second tap forgets it, in place too.
    await page.locator(".job-actions").getByRole("button", { name: /^Saved ✓/ }).click();
    await expect(page.locator(".job-actions").getByRole("button", { name: /^Save$|^Save “/ })).toBeVisible();
    // Saved on the home page, it shows as saved on its own page.
    await page.goto("/");
    const home = page.locator("article.job-card").first();
    const homeTitle = ((await home.locator(".job-title").textContent()) ?? "").trim();
    await home.getByRole("button", { name: /^Save/ }).click();
    await expect(home.getByRole("button", { name: /^Saved ✓/ })).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
    await home.locator(".job-title a").click();
    await expect(page.getByRole("heading", { level: 1, name: homeTitle })).toBeVisible();
    await expect(page.locator(".job-actions").getByRole("button", { name: /^Saved ✓/ })).toBeVisible();
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a job page answers the questions and its Save keeps it", async ({ page }) => {
    await page.goto("/jobs?hire=employee&sort=confirmed");
    const { card, title } = await firstCard(page);
    await card.locator(".job-title a").click();
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expect(page.locator("dd.hiring")).toContainText("As an employee in");
    await expect(page.getByRole("heading", { name: "Hiring process" })).toBeVisible();
    await expect(page.locator(".hiring-process")).toContainText("Usually decides within");
    const here = new URL(page.url()).pathname;
    await page.locator(".job-actions").getByRole("button", { name: /^Save/ }).click();
    // Back on the same job page, which says it is saved (the browser keeps
    // the text fragment that scrolled it there out of the address).
    await expect(page).toHaveURL(new RegExp(`${here}\\?saved=\\d+(#.*)?$`));
    await expect(page.locator(".job-actions").getByRole("button", { name: /^Saved ✓/ })).toBeVisible();
    await page.goto("/saved");
    await expect(page.getByRole("link", { name: title })).toBeVisible();
  });

  test("Save far down a list comes back to the button pressed, not the top", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/jobs");
    const card = page.locator("article.job-card").nth(15);
    await card.scrollIntoViewIfNeeded();
    await card.getByRole("button", { name: /^Save/ }).click();
    await expect(page).toHaveURL(/\/jobs\?saved=\d+/);
    const saved = page.locator("article.job-card").nth(15).getByRole("button", { name: /^Saved ✓/ });
    await expect(saved).toBeInViewport();
    await page.screenshot({ path: test.info().outputPath("saved-in-place.png") });
  });

  test("the overlap search works as a plain form", async ({ page }) => {
    await page.goto("/jobs");
    await page.locator("#tz").selectOption("-08:00");
    await page.getByLabel("Most hours a day you can give to a team’s core hours").selectOption("4");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/tz=-08%3A00.*overlap=4|overlap=4.*tz=-08%3A00/);
    await expect(page.locator("#tz")).toHaveValue("-08:00");
    await expect.poll(() => resultCount(page)).toBeGreaterThan(0);
  });
});

test("a company's widget shows its open jobs inside another site's page", async ({ page, baseURL }) => {
  await page.goto("/jobs");
  const company = await page.locator("article.job-card .job-company a").first().getAttribute("href");
  await page.setContent(`<h1>Acme careers</h1><iframe title="Open jobs" src="${baseURL}${company}/embed" width="600" height="400"></iframe>`);
  const frame = page.frameLocator("iframe");
  await expect(frame.getByRole("heading", { name: /^Open jobs at/ })).toBeVisible();
  await expect(frame.locator("li a").first()).toHaveAttribute("target", "_blank");
});
