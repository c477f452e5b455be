import { test, expect } from "@playwright/test";
import { hydrated, sizes } from "./helpers";

for (const [size, viewport] of sizes)
for (const javaScriptEnabled of [true, false]) {
  test.describe(`${javaScriptEnabled ? "with JavaScript" : "without JavaScript"}, ${size}`, () => {
    test.use({ javaScriptEnabled, viewport });

    test("a community builds a search widget and a job card and copies the snippets", async ({ page, context }) => {
      const shot = (name: string) =>
        page.screenshot({ path: test.info().outputPath(`${name}-${size}.png`), fullPage: true });
      if (javaScriptEnabled) await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      // A job to show as a card, found as a visitor finds one.
      await page.goto("/jobs?stack=rust");
      const job = new URL((await page.locator(".job-card .job-title a").first().getAttribute("href"))!, page.url());
      const title = (await page.locator(".job-card .job-title a").first().textContent())!.trim();

      await page.goto("/");
      await page.getByRole("link", { name: "Jobs on your site" }).click();
      await expect(page).toHaveURL(/\/embed$/);
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("Words").fill("engineer");
      await page.getByLabel("Stack").selectOption("rust");
      await page.getByLabel("Jobs shown").selectOption("5");
      await page.getByRole("button", { name: "Make the widget" }).click();
      await expect(page).toHaveURL(/\/embed\?.*stack=rust/);
      await expect(page.getByText(/open jobs? match(es)? this search now/)).toBeVisible();
      const snippet = page.getByLabel("HTML to paste into your page");
      await expect(snippet).toHaveValue(/^<iframe src="http:\/\/[^"]+\/embed\/jobs\?q=engineer&amp;stack=rust&amp;limit=5" title="Remote jobs: “engineer” · Rust"/);
      // The preview is the widget itself, framed as another site frames it.
      const preview = page.frameLocator("iframe.embed-preview");
      await expect(preview.getByRole("heading", { level: 1 })).toHaveText("Remote jobs: “engineer” · Rust");
      await expect(preview.getByRole("listitem")).not.toHaveCount(0);
      // Styled by its own sheet (no style of the framing page reaches it).
      await expect(preview.locator(".facts").first()).toHaveCSS("display", "block");
      expect(await preview.getByRole("listitem").count()).toBeLessThanOrEqual(5);

      if (javaScriptEnabled) {
        await page.getByRole("button", { name: "Copy" }).first().click();
        await expect(page.getByText("Copied.").first()).toBeVisible();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        expect(copied).toBe(await snippet.inputValue());
      } else {
        // No script: no button that would do nothing, and the text is there to select.
        await expect(page.getByRole("button", { name: "Copy" })).toHaveCount(0);
        await snippet.selectText();
      }
      await shot("embed-widget");

      // A job as a card: a wrong address is said so and kept.
      await page.getByLabel("The job’s address").fill("https://example.com/not-a-job");
      await page.getByRole("button", { name: "Make the card" }).click();
      await expect(page.getByText("That is not a FarCoder job address.")).toBeVisible();
      await expect(page.getByLabel("The job’s address")).toHaveValue("https://example.com/not-a-job");
      await page.getByLabel("The job’s address").fill(job.toString());
      await page.getByRole("button", { name: "Make the card" }).click();
      const markdown = page.getByLabel("Markdown (a README, a forum post)");
      await expect(markdown).toHaveValue(new RegExp(`^\\[!\\[.+\\]\\(http://[^)]+${job.pathname}/card\\.svg\\)\\]\\(http://[^)]+${job.pathname}\\)$`));
      const card = page.locator("img.card-preview");
      await expect(card).toBeVisible();
      await expect.poll(() => card.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(600);
      await expect(page.getByText(`The card for “${title}”`)).toBeVisible();
      if (javaScriptEnabled) {
        await page.locator("button[data-copy=card-markdown]").click();
        await expect(page.locator("#card-markdown-copied")).toHaveText("Copied.");
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await markdown.inputValue());
      }
      await shot("embed-card");

      // The card itself, as a README shows it.
      const svg = await page.request.get(`${job.pathname}/card.svg`);
      expect(svg.headers()["content-type"]).toContain("image/svg+xml");
      await page.goto(`${job.pathname}/card.svg`);
      await page.screenshot({ path: test.info().outputPath(`card-${size}.png`) });
    });
  });
}
