import { test, expect, type Page } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hydrated } from "./helpers";
import { fillPosting, signInAsNewModerator, signUp, submitPosting, uniqueEmail } from "../employer/helpers";
import { signInAsSeeker } from "../candidate/helpers";

// axe-core is injected into the page, which the Content-Security-Policy
// would refuse: these checks are about the markup, not the policy (which
// hydration.spec.ts checks).
test.use({ bypassCSP: true });

const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe's violations on the page as it stands, one line each. */
async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    });
    return result.violations.map(
      (v: any) => `${v.id}: ${v.nodes.map((n: any) => n.target.join(" ")).slice(0, 3).join(", ")}`,
    );
  });
}

/** The public pages of every kind, found as a visitor would. */
async function publicPages(page: Page): Promise<string[]> {
  await page.goto("/jobs?category=data-engineering");
  const job = (await page.locator(".job-card .job-title a").first().getAttribute("href"))!;
  await page.goto(job);
  const company = (await page.locator(".job-company a").first().getAttribute("href"))!;
  await page.goto("/guides");
  const guide = (await page.locator("main a[href^='/guides/']:not([href$='.xml'])").first().getAttribute("href"))!;
  // A search with filters in use shows them as chips, and a time zone.
  const filtered = "/jobs?stack=rust&level=senior&tz=%2B05%3A30&overlap=4";
  return ["/", "/jobs", filtered, job, guide, "/remote-backend-developer-jobs", company];
}

/**
 * The Nu HTML Checker's errors (vnu.jar from npm, in the machine's Java) on
 * each of `pages`, as the server sent them.
 */
function nuErrors(pages: Map<string, string>): string[] {
  const dir = mkdtempSync(join(tmpdir(), "nu-"));
  const files = [...pages].map(([path, html], i) => {
    const file = join(dir, `page${i}.html`);
    writeFileSync(file, html);
    return [file, path];
  });
  const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
  let report = "";
  try {
    execFileSync("java", ["-jar", jar, "--errors-only", "--format", "json", ...files.map(([f]) => f)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error: any) {
    report = error.stderr; // vnu exits 1 when it found errors, and reports on stderr
  }
  if (!report) return [];
  const named = new Map(files.map(([f, path]) => [`file:${f}`, path]));
  return JSON.parse(report).messages.map(
    (m: any) => `${named.get(m.url) ?? m.url}:${m.lastLine}: ${m.message} «${(m.extract ?? "").trim().slice(0, 80)}»`,
  );
}

/** The wasm files a page fetches until it is interactive. */
async function wasmOf(page: Page, path: string): Promise<string[]> {
  const fetched: string[] = [];
  const note = (request: { url(): string }) => {
    const url = new URL(request.url());
    if (url.pathname.endsWith(".wasm")) fetched.push(url.pathname);
  };
  page.on("request", note);
  await page.goto(path);
  await hydrated(page);
  await page.waitForLoadState("networkidle");
  page.off("request", note);
  return fetched;
}

for (const [size, viewport] of [
  ["desktop", { width: 1280, height: 800 }],
  ["phone", { width: 390, height: 844 }],
] as const) {
  test(`the public pages have no accessibility violations (${size})`, async ({ page }) => {
    await page.setViewportSize(viewport);
    for (const path of await publicPages(page)) {
      await page.goto(path);
      await hydrated(page);
      expect(await violations(page), path).toEqual([]);
      await page.screenshot({ path: test.info().outputPath(`${size}${path.replace(/[^a-z0-9]+/gi, "-")}.png`), fullPage: true });
    }
  });
}

test("the public pages are valid HTML", async ({ page }) => {
  const pages = new Map<string, string>();
  for (const path of await publicPages(page)) {
    const response = await page.request.get(path);
    const html = await response.text();
    pages.set(path, html);
    expect(html.trimEnd().endsWith("</html>"), `${path}: nothing after </html>`).toBe(true);
    expect(html, `${path}: no wasm preloaded before the content`).not.toMatch(/<link[^>]+\.wasm/);
    expect(html, `${path}: no nonce anywhere`).not.toMatch(/nonce="|crossorigin="[^"]/);
    // The data behind the page is in its HTML once, never serialized again
    // for a hydration that only islands do.
    expect(html, `${path}: no resource data for the browser`).not.toMatch(/__RESOLVED_RESOURCES=\[[^\]]/);
  }
  expect(nuErrors(pages)).toEqual([]);
});

test("a page without islands loads no wasm, and the search only the public bundle", async ({ page }) => {
  const [home, , , job, guide, landing] = await publicPages(page);
  for (const path of [home, job, guide, landing]) {
    expect(await wasmOf(page, path), path).toEqual([]);
  }
  const search = await wasmOf(page, "/jobs");
  expect(search).toHaveLength(1);
  expect(search[0]).toMatch(/^\/pkg\/farcoder\.[^/]*\.wasm$/);
});

test("the employer's editor has no accessibility violations and loads its code apart", async ({ page }) => {
  await signUp(page, uniqueEmail("quality"), "Plumb Line Labs");
  expect(await violations(page), "/dashboard").toEqual([]);
  const editor = await wasmOf(page, "/dashboard/jobs/new");
  expect(editor.length, "the public bundle and the editor's own chunk").toBeGreaterThan(1);
  expect(await violations(page), "/dashboard/jobs/new").toEqual([]);
  // A saved draft's preview, the inbox, at both sizes.
  await fillPosting(page, `Quality Engineer ${Date.now()}`, "160000", "", "## The role\n\n" + "Keep the board honest. ".repeat(20));
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page).toHaveURL(/\/preview\?saved=1$/);
  const preview = new URL(page.url()).pathname;
  // The signed-in pages are valid too, the editor's island included.
  await checkAtBothSizes(page, ["/dashboard", "/dashboard/company", "/dashboard/jobs/new", "/dashboard/applications", preview]);
});

test("the moderator's queue and preview have no accessibility violations", async ({ page, browser }) => {
  const employer = await browser.newPage();
  await signUp(employer, uniqueEmail("quality"), "Checked Twice");
  const title = `Checked Engineer ${Date.now()}`;
  await submitPosting(employer, title, "https://checked.example/jobs/1");
  await employer.close();
  await signInAsNewModerator(page);
  await page.getByRole("link", { name: `Open the full preview of “${title}”` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await checkAtBothSizes(page, ["/admin/review", new URL(page.url()).pathname]);
});

test("the embed builder, its widget and the ATS import pages have no accessibility violations", async ({ page }) => {
  await page.goto("/jobs?stack=rust");
  const job = (await page.locator(".job-card .job-title a").first().getAttribute("href"))!;
  await checkAtBothSizes(page, [`/embed?q=rust&stack=rust&job=${encodeURIComponent(job)}`]);
  // The widget runs no script (so nothing hydrates): axe and Nu on it as served.
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(viewport);
    await page.goto("/embed/jobs?stack=rust");
    expect(await violations(page), `/embed/jobs at ${viewport.width} px`).toEqual([]);
  }
  const widget = await (await page.request.get("/embed/jobs?stack=rust")).text();
  expect(nuErrors(new Map([["/embed/jobs?stack=rust", widget]]))).toEqual([]);
  await signUp(page, uniqueEmail("quality-import"), "Imported Quality");
  await page.goto("/dashboard/import");
  await page.getByLabel("Board name, or your board’s address").fill("acme");
  await page.getByRole("button", { name: "Read the board" }).click();
  await expect(page).toHaveURL(/\/dashboard\/import\/\d+$/);
  const board = new URL(page.url()).pathname;
  await page.getByRole("checkbox", { name: /Staff Platform Engineer/ }).check();
  await page.getByRole("button", { name: "Bring in the ticked openings" }).click();
  await page.getByRole("link", { name: "Complete" }).click();
  await expect(page).toHaveURL(/\?import=\d+$/);
  const complete = new URL(page.url());
  await checkAtBothSizes(page, ["/dashboard/import", board, complete.pathname + complete.search]);
});

test("the seeker's account pages have no accessibility violations", async ({ page }) => {
  await page.goto("/me/signin");
  expect(await violations(page), "/me/signin").toEqual([]);
  await signInAsSeeker(page, uniqueEmail("quality-seeker"));
  await checkAtBothSizes(page, ["/me", "/me/profile", "/me/data", "/privacy"]);
});

/**
 * axe on each of `paths` at a phone's size and a desktop's (with a
 * screenshot of each, kept with the test's results), then the Nu checker on
 * what the server sent.
 */
async function checkAtBothSizes(page: Page, paths: string[]) {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(viewport);
    for (const path of paths) {
      await page.goto(path);
      await hydrated(page);
      expect(await violations(page), `${path} at ${viewport.width} px`).toEqual([]);
      const name = `${viewport.width}${path.replace(/[^a-z0-9]+/gi, "-")}.png`;
      await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
    }
  }
  const pages = new Map<string, string>();
  for (const path of paths) pages.set(path, await (await page.request.get(path)).text());
  expect(nuErrors(pages)).toEqual([]);
}
