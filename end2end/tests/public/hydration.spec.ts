import { test, expect } from "@playwright/test";
import { hydrated, resultCount } from "./helpers";

// Proof that the page is hydrated: a search changes the URL and the results
// without a document load, and history restores earlier results. It stays in
// one category, which the employer specs running beside it do not post to.
test("searching updates results in place and the URL follows", async ({ page }) => {
  await page.goto("/jobs?category=data-engineering");
  await hydrated(page);
  const all = await resultCount(page);
  let documentLoads = 0;
  page.on("load", () => documentLoads++);
  await page.evaluate(() => ((window as any).__sameDocument = true));

  await page.getByLabel("Search jobs").fill("python");
  await page.getByLabel("Search jobs").press("Enter");
  await expect(page).toHaveURL(/\/jobs\?q=python&category=data-engineering/);
  await expect.poll(() => resultCount(page)).toBeLessThan(all);
  const python = await resultCount(page);

  await page.getByLabel("Job type").selectOption("contract");
  await expect(page).toHaveURL(/type=contract/);
  await expect.poll(() => resultCount(page)).toBeLessThanOrEqual(python);

  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
  expect(documentLoads).toBe(0);

  await page.goBack();
  await expect(page).not.toHaveURL(/type=contract/);
  await expect.poll(() => resultCount(page)).toBe(python);
  await expect(page.getByLabel("Job type")).toHaveValue("");
  await page.goBack();
  await expect.poll(() => resultCount(page)).toBe(all);
  await expect(page.getByLabel("Search jobs")).toHaveValue("");
  await page.goForward();
  await expect(page).toHaveURL(/q=python/);
  await expect(page.getByLabel("Search jobs")).toHaveValue("python");
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
});

test("ignored filters are explained", async ({ page }) => {
  await page.goto("/jobs?category=astronaut&page=-1");
  await expect(page.locator(".notes")).toContainText("Ignored the unknown category “astronaut”");
  await expect(page.locator(".notes")).toContainText("page number");
  expect(await resultCount(page)).toBeGreaterThan(0);
});

// The Content-Security-Policy allows only our own scripts, the loader by its
// digest, and the wasm: every public page still hydrates, and the browser
// reports no violation.
test("pages hydrate under the Content-Security-Policy without a violation", async ({ page }) => {
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  for (const path of ["/", "/jobs?category=data-engineering", "/guides", "/salaries", "/login"]) {
    const response = await page.goto(path);
    const policy = response?.headers()["content-security-policy"] ?? "";
    expect(policy, path).toContain("'sha256-");
    expect(policy, path).not.toContain("nonce");
    expect(policy, path).not.toContain("unsafe-inline");
    await hydrated(page);
    expect(await page.evaluate(() => (window as any).__violations), path).toEqual([]);
  }
  // A job page too, loaded as a visitor from a search engine would.
  await page.goto("/jobs?category=data-engineering");
  const job = await page.locator(".job-card .job-title a").first().getAttribute("href");
  await page.goto(job!);
  await expect(page.locator(".job-page")).toHaveCount(1);
  await hydrated(page);
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
});
